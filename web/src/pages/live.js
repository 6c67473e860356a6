// The live view (/live): the alerts `skywitness live` records, newest first,
// as they come: server-sent events from /api/alerts/stream, which resume
// after the last one received when the connection drops. An inferred landing
// is shown as one, never as a fact: its field with a "?", every candidate,
// "inferred, not observed"; and when it is later confirmed or withdrawn, the
// earlier alert says so.
import * as api from "../api.js";
import { h, clear, onLeave } from "../dom.js";
import * as f from "../format.js";

const SHOWN = 200; // alerts kept on the page: the newest
const RETRY_S = 10; // after a refusal (too many streams open) or a lost server

export const TYPES = {
  takeoff: "Takeoff",
  landing: "Landing",
  landing_inferred: "Landing inferred",
  landing_confirmed: "Inferred landing confirmed",
  landing_withdrawn: "Inferred landing withdrawn",
  landing_abroad: "Landing abroad",
  airborne_at_start: "In the air when watching began",
  first_seen: "First seen",
  country_resumed: "Landing in a country again",
};
export const typeLabel = (t) => TYPES[t] ?? f.capital(String(t ?? "alert").replace(/_/g, " "));

const anchor = (id) => `alert-${String(id).replace(/[^A-Za-z0-9_-]/g, "_")}`;

// The field and its country: a link when observed; "MMGL?" when inferred.
function where(a, inferred) {
  if (!f.known(a.airport) && !f.known(a.country)) return f.unknown("no field fits");
  const field = inferred ? f.airport(null, a.airport) : f.airport(a.airport);
  const cc = f.known(a.country)
    ? [" (", h("a", { href: `/country/${encodeURIComponent(a.country)}` }, a.country), inferred ? "?" : "", ")"]
    : "";
  return [f.known(a.airport) ? field : f.unknown("no field"), cc];
}

function alertItem(a) {
  const inferred = a.how !== "observed";
  const who = a.registration || a.icao;
  const cands = (a.candidates ?? []).filter(Boolean);
  return h("li", { class: `alert ${inferred ? "inferred" : "observed"}`, id: anchor(a.id), "data-seq": a.seq, "data-type": a.type },
    h("p", { class: "alert-head" },
      a.time ? h("time", { datetime: a.time, class: "t" }, a.time) : f.unknown("time unknown"), " ",
      h("strong", { class: "alert-type" }, typeLabel(a.type)), " ",
      h("span", { class: `how ${inferred ? "inferred" : "observed"}`, title: inferred ? "not observed: inferred from the evidence below" : "observed in the data" },
        inferred ? "inferred, not observed" : "observed")),
    h("p", { class: "alert-what" },
      a.icao ? h("a", { href: `/aircraft/${encodeURIComponent(a.icao)}` }, who) : f.unknown("aircraft unknown"),
      a.callsign ? ` (${a.callsign})` : "", a.icao && a.registration ? [" ", h("code", null, a.icao)] : "",
      " ", a.type === "takeoff" ? "from " : a.type === "landing_withdrawn" ? "did not land at " : "at ",
      // A withdrawn landing's field is the guess taken back: never shown as a fact.
      where(a, inferred || a.type === "landing_withdrawn")),
    a.reason ? h("p", { class: "reason" }, f.capital(a.reason)) : null,
    cands.length > 1
      ? h("p", { class: "candidates" }, inferred ? "Fields that fit about as well (none observed): " : "Fields that fit: ",
        cands.map((c, i) => [i ? ", " : "", h("span", { class: "guess" }, `${c}?`)]))
      : null,
    f.known(a.leg_id) || a.refers
      ? h("p", { class: "links" },
        f.known(a.leg_id) ? h("a", { href: `/leg/${encodeURIComponent(a.leg_id)}` }, `leg ${a.leg_id}`) : "",
        f.known(a.leg_id) && a.refers ? " · " : "",
        a.refers ? ["about ", h("a", { href: `#${anchor(a.refers)}`, class: "refers" }, "the landing inferred earlier")] : "")
      : null);
}

// A landing_confirmed or landing_withdrawn: the inferred landing it refers
// to, if on the page, says what became of it.
function annotate(list, a) {
  if (!a.refers || (a.type !== "landing_confirmed" && a.type !== "landing_withdrawn")) return;
  const li = list.querySelector(`#${anchor(a.refers)}`);
  if (!li) return;
  const withdrawn = a.type === "landing_withdrawn";
  li.classList.add(withdrawn ? "withdrawn" : "confirmed");
  li.append(h("p", { class: `later ${withdrawn ? "withdrawn" : "confirmed"}` },
    withdrawn ? "Withdrawn " : "Confirmed ", a.time ? ["at ", f.time(a.time)] : "later",
    a.reason ? `: ${a.reason}` : "", " ", h("a", { href: `#${anchor(a.id)}` }, "(the alert)")));
}

export default async function live(page) {
  page.append(h("h1", null, "Live alerts"));
  page.append(h("p", { class: "lead" }, "What ", h("code", null, "skywitness live"),
    " records as it happens, newest first: takeoffs and landings of the counted aircraft, landings abroad, aircraft seen again. New alerts appear here as they are recorded, without a reload."));
  page.append(h("p", { class: "small" },
    "An inferred landing was not observed: the aircraft was lost low near a field, or found to have landed unseen in a gap. Its field is the one that fits best (marked ?), with every other that fits; it is confirmed or withdrawn when the aircraft is heard again. ",
    "Aircraft and leg pages show what this server loaded when it started: a leg closed since appears there after a restart of ", h("code", null, "skywitness serve"), ". ",
    "The same alerts as JSON: ", h("a", { href: "/api/alerts" }, "/api/alerts"), "."));
  const status = h("p", { class: "live-status", role: "status" }, "Connecting…");
  const empty = h("p", { class: "empty" }, "No alerts recorded yet. ", h("code", null, "skywitness live --db DB …"),
    " records them in this database as it follows its feeds; they appear here as they are recorded.");
  const trimmed = h("p", { class: "small", hidden: true });
  const list = h("ol", { class: "alerts", "aria-label": "Alerts, newest first" });

  const first = await api.alerts({ limit: 1 });
  empty.hidden = (first.alerts ?? []).length > 0;
  page.append(status, empty, list, trimmed);

  let last = 0, received = 0, es = null, timer = null, flushing = null, left = false;
  const queue = [];
  const say = (text, cls) => { clear(status).append(text); status.className = `live-status ${cls ?? ""}`.trim(); };
  const flush = () => {
    flushing = null;
    for (const a of queue.splice(0)) {
      list.prepend(alertItem(a));
      annotate(list, a);
    }
    while (list.children.length > SHOWN) list.lastElementChild.remove();
    if (received > 0) empty.hidden = true;
    trimmed.hidden = received <= SHOWN;
    if (!trimmed.hidden) clear(trimmed).append(`The newest ${SHOWN} of the ${f.numText(received)} alerts received are shown; every one is at `, h("a", { href: "/api/alerts" }, "/api/alerts"), ".");
  };
  const open = () => {
    if (left) return;
    // Reopened by hand (after a refusal): from the last one received. The
    // browser's own reconnections send Last-Event-ID, which the server takes first.
    es = new EventSource(api.alertStreamUrl(last));
    es.addEventListener("open", () => say("Connected: new alerts appear as they are recorded.", "connected"));
    es.addEventListener("alert", (e) => {
      let a;
      try { a = JSON.parse(e.data); } catch { return; }
      const seq = Number(e.lastEventId || a.seq);
      if (!(seq > last)) return; // seen already
      last = seq;
      a.seq ??= seq;
      ++received;
      queue.push(a);
      flushing ??= setTimeout(flush, 30); // a burst (the alerts recorded before) drawn at once
    });
    es.addEventListener("error", () => {
      if (left) return;
      if (es.readyState === EventSource.CLOSED) {
        // Refused (the server holds so many streams) or not an event stream: tried again later.
        es.close();
        say(`Not connected: trying again in ${RETRY_S} s.`, "lost");
        timer = setTimeout(open, RETRY_S * 1000);
      } else {
        say("Connection lost: reconnecting…", "lost");
      }
    });
  };
  onLeave(() => {
    left = true;
    es?.close();
    clearTimeout(timer);
    clearTimeout(flushing);
  });
  open();
  return "Live alerts";
}
