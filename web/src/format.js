// How numbers, times and unknowns are written: plainly, and an unknown as
// "unknown", never as a zero or an empty cell.
import { h } from "./dom.js";

export const unknown = (what = "unknown") => h("span", { class: "unknown" }, what);
export const known = (v) => v !== null && v !== undefined && v !== "";

// 11672 -> "11,672"; null -> unknown.
export function num(n, digits = 0) {
  if (!known(n) || Number.isNaN(Number(n))) return unknown();
  return Number(n).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
export const numText = (n, digits = 0) => (known(n) ? Number(n).toLocaleString("en-US", { maximumFractionDigits: digits }) : "unknown");

// 0.538 -> "54%"
export const share = (x) => (known(x) ? `${Math.round(x * 100)}%` : "unknown");

// A change against an average: "+12%", "-11%", "new" when there was none.
export function change(now, before) {
  if (!known(now) || !known(before)) return unknown();
  if (before === 0) return now === 0 ? "0%" : "new";
  const p = Math.round(((now - before) / before) * 100);
  return `${p > 0 ? "+" : ""}${p}%`;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];
// "2024-03" -> "March 2024"
export function monthName(m) {
  const [y, mo] = String(m).split("-");
  return MONTHS[Number(mo) - 1] ? `${MONTHS[Number(mo) - 1]} ${y}` : String(m);
}
// "2024-03-30" -> "30 March 2024"
export function dayName(d) {
  const [y, mo, da] = String(d).slice(0, 10).split("-");
  return MONTHS[Number(mo) - 1] ? `${Number(da)} ${MONTHS[Number(mo) - 1]} ${y}` : String(d);
}
// ISO time -> "2024-03-30T08:25Z" (UTC, to the minute, as the report writes it).
export function time(t) {
  if (!known(t)) return unknown();
  return h("time", { datetime: t, class: "t" }, String(t).slice(0, 16) + "Z");
}
export const timeText = (t) => (known(t) ? String(t).slice(0, 16) + "Z" : "unknown");
export const hhmm = (t) => (known(t) ? String(t).slice(11, 16) : "?");

// The month after "2024-03": "2024-04".
export function nextMonth(m, by = 1) {
  const [y, mo] = m.split("-").map(Number);
  const d = new Date(Date.UTC(y, mo - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}
// The legs of a month, as the /legs page and the API take them (as the CLI's
// --from and --to do): landing on or after `from`, taking off on or before
// the day `to` (a date alone includes that whole day).
export function monthRange(m) {
  const [y, mo] = m.split("-").map(Number);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { from: `${m}-01`, to: `${m}-${String(last).padStart(2, "0")}` };
}

// "domestic_transfer" -> "domestic transfer"
export const role = (r) => (known(r) ? String(r).replace(/_/g, " ") : unknown());

// An airport code as known: "ZYTX", or a guess "ZYTX?" marked as one, or unknown.
export function airport(code, guess) {
  if (known(code)) return h("a", { href: `/legs?airport=${encodeURIComponent(code)}`, class: "code" }, code);
  if (known(guess)) return h("span", { class: "guess", title: "not observed: the most likely airport" }, `${guess}?`);
  return unknown();
}

// How one end of a leg is known: "observed (ground)", "inferred (gap)".
export function how(h_, evidence) {
  if (!known(h_)) return unknown();
  return known(evidence) ? `${h_} (${evidence})` : h_;
}

export const plural = (n, one, many = `${one}s`) => `${numText(n)} ${n === 1 ? one : many}`;
export const capital = (t) => (t ? t[0].toUpperCase() + t.slice(1) : t);

// A link to the legs behind a number: /legs?country=SV&from=...
export function legsHref(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (known(v)) q.set(k, v);
  return `/legs?${q}`;
}
export const legsLink = (n, params, title) => (known(n)
  ? h("a", { href: legsHref(params), class: "num", title: title ?? "the legs behind this number" }, numText(n))
  : unknown());
