#include <charconv>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "skywitness/pipeline/decode_pipeline.hpp"

namespace skywitness::cli {
namespace {

class DecodeCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("files", files_,
                   "Input files (gzip and zstd are detected); stdin when none or '-'");
    app.add_option("--format", format_,
                   "Input format: avr, beast, sbs, hex, csv (detected when not given)")
        ->check(CLI::IsMember({"avr", "beast", "sbs", "hex", "csv"}));
    app.add_option("--output", output_, "Record format: jsonl (default), csv, none")
        ->check(CLI::IsMember({"jsonl", "json", "csv", "none"}));
    app.add_flag(
        "--stats", stats_,
        "Print counts by downlink format, type code, errors and positions. Without --output, "
        "only the statistics are written");
    app.add_flag("--errors", errors_,
                 "Report every bad line, frame or byte range with its location on stderr");
    app.add_option("--receiver", receiver_, "Receiver position LAT,LON for local CPR decoding");
    app.add_option("--max-range", max_range_,
                   "With --receiver: reject positions farther than this (NM)")
        ->default_val(450);
    app.add_flag("--fix", fix_, "Correct single-bit errors in DF11/17/18");
    app.add_option("--icao", icao_,
                   "Only records for these addresses (hex, repeatable or comma-separated)")
        ->delimiter(',')
        ->allow_extra_args(false);
  }

  int run() override {
    pipeline::DecodeConfig cfg;
    if (!format_.empty()) {
      framing::Format f{};
      framing::parse_format(format_, f);
      cfg.format = f;
    }
    output::RecordFormat rf = output::RecordFormat::kJsonl;
    if (!output_.empty())
      output::parse_record_format(output_, rf);
    else if (stats_)
      rf = output::RecordFormat::kNone;
    cfg.decode.fix_single_bit = fix_;
    cfg.report_decode_failures = errors_;
    cfg.tracker.max_range_nm = max_range_;
    if (!receiver_.empty()) {
      modes::cpr::LatLon ll;
      if (!parse_lat_lon(receiver_, ll)) {
        fmt::print(stderr, "skywitness decode: --receiver wants LAT,LON in degrees, got '{}'\n",
                   receiver_);
        return 2;
      }
      cfg.tracker.receiver = ll;
    }
    for (const auto& h : icao_) {
      std::uint32_t a = 0;
      auto [p, ec] = std::from_chars(h.data(), h.data() + h.size(), a, 16);
      if (h.size() != 6 || ec != std::errc{} || p != h.data() + h.size()) {
        fmt::print(stderr, "skywitness decode: --icao wants 6 hex digits, got '{}'\n", h);
        return 2;
      }
      cfg.only.insert(a);
    }
    if (files_.empty()) files_.push_back("-");

    // An input that cannot be opened, read or recognised is always said;
    // bad frames and lines only with --errors, where a format told only
    // from more than the first bytes is one of them.
    FunctionReporter report([&](const Error& e) {
      if (e.code == framing::fault_name(framing::Fault::kInputError)) {
        fmt::print(stderr, "skywitness: {}{}{}\n", to_string(e.where), e.message,
                   e.kind == ErrorKind::kFormat ? "; use --format" : "");
      } else if (errors_) {
        fmt::print(stderr, "{}\n", e.to_string());
      } else if (e.code == framing::fault_name(framing::Fault::kUnknownFormat)) {
        fmt::print(stderr, "skywitness: {}{}\n", to_string(e.where), e.message);
      }
    });
    cfg.errors = &report;
    auto writer = output::make_writer(rf, stdout);
    pipeline::DecodePipeline job(cfg, writer.get());
    for (const auto& f : files_) job.run(f);
    if (writer) writer->flush();

    const auto& s = job.stats();
    if (stats_)
      fmt::print(rf == output::RecordFormat::kNone ? stdout : stderr, "{}",
                 pipeline::format_stats(s, job.tracker_stats()));
    // Bad parts are skipped; the run fails only when nothing at all was read.
    const bool nothing =
        (s.inputs == s.inputs_failed) ||
        (s.messages_ok + s.sbs_messages + s.mode_ac == 0 && s.total_input_errors() + s.bad_crc > 0);
    return nothing ? 1 : 0;
  }

 private:
  static bool parse_lat_lon(const std::string& s, modes::cpr::LatLon& out) {
    const auto comma = s.find(',');
    if (comma == std::string::npos) return false;
    try {
      std::size_t a = 0, b = 0;
      out.lat = std::stod(s.substr(0, comma), &a);
      out.lon = std::stod(s.substr(comma + 1), &b);
      if (a != comma || b != s.size() - comma - 1) return false;
    } catch (const std::exception&) {
      return false;
    }
    return out.lat >= -90 && out.lat <= 90 && out.lon >= -180 && out.lon <= 180;
  }

  std::vector<std::string> files_;
  std::string format_, output_, receiver_;
  std::vector<std::string> icao_;
  bool stats_ = false, errors_ = false, fix_ = false;
  double max_range_ = 450;
};

}  // namespace

std::unique_ptr<Command> make_decode_command() {
  return std::make_unique<DecodeCommand>();
}

}  // namespace skywitness::cli
