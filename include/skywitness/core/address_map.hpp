// A hash map keyed by 24-bit aircraft addresses (plus flag bits above them):
// open addressing with linear probing over a small index of (key, position)
// pairs, values kept densely in insertion order. The per-message lookup on the
// hot path touches one slot and one value, and never allocates.
// Values must be default-constructible and movable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace skywitness {

template <typename V>
class AddressMap {
 public:
  AddressMap() { reindex(64); }

  V* find(std::uint32_t key) {
    for (std::size_t i = slot(key);; i = (i + 1) & mask_) {
      if (slots_[i].key == key + 1) return &values_[slots_[i].pos];
      if (slots_[i].key == 0) return nullptr;
    }
  }

  // The value for `key`, default-constructed when new; the bool says whether it was.
  std::pair<V*, bool> insert(std::uint32_t key) {
    if ((values_.size() + 1) * 2 > slots_.size()) reindex(slots_.size() * 2);
    for (std::size_t i = slot(key);; i = (i + 1) & mask_) {
      if (slots_[i].key == key + 1) return {&values_[slots_[i].pos], false};
      if (slots_[i].key == 0) {
        slots_[i] = {key + 1, static_cast<std::uint32_t>(values_.size())};
        keys_.push_back(key);
        values_.emplace_back();
        return {&values_.back(), true};
      }
    }
  }

  // Removes every entry for which pred(key, value) holds.
  template <typename Pred>
  void erase_if(Pred pred) {
    std::size_t out = 0;
    for (std::size_t i = 0; i < values_.size(); ++i) {
      if (pred(keys_[i], values_[i])) continue;
      if (out != i) {
        keys_[out] = keys_[i];
        values_[out] = std::move(values_[i]);
      }
      ++out;
    }
    keys_.resize(out);
    values_.resize(out);
    std::size_t cap = 64;
    while (cap < out * 4) cap *= 2;  // shrink after a busy period
    reindex(cap);
  }

  std::size_t size() const { return values_.size(); }

 private:
  struct Slot {
    std::uint32_t key = 0;  // key + 1; 0 marks an empty slot
    std::uint32_t pos = 0;
  };

  std::size_t slot(std::uint32_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B1u) >> shift_) & mask_;
  }

  void reindex(std::size_t cap) {
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    shift_ = 32;
    for (std::size_t c = cap; c > 1; c >>= 1) --shift_;
    for (std::size_t p = 0; p < keys_.size(); ++p) {
      std::size_t i = slot(keys_[p]);
      while (slots_[i].key != 0) i = (i + 1) & mask_;
      slots_[i] = {keys_[p] + 1, static_cast<std::uint32_t>(p)};
    }
  }

  std::vector<Slot> slots_;
  std::vector<std::uint32_t> keys_;
  std::vector<V> values_;
  std::size_t mask_ = 0;
  unsigned shift_ = 32;
};

}  // namespace skywitness
