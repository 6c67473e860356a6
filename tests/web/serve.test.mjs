// The dashboard (`skywitness serve`) in a real browser (Debian's chromium):
// what a reader clicks through, checked against the numbers the JSON API
// gives. run-serve.sh starts the servers and passes their base URLs:
// SKYWITNESS_SERVE (the demo database) and SKYWITNESS_SERVE_HOLE (the same
// fleet, the Shenyang landing inside a coverage hole).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { chromium } from "playwright-core";

const base = process.env.SKYWITNESS_SERVE;
const hole = process.env.SKYWITNESS_SERVE_HOLE;
const shots = process.env.SKYWITNESS_SCREENSHOTS; // optional: where to save screenshots
let browser;

before(async () => {
  assert.ok(base && hole, "SKYWITNESS_SERVE and SKYWITNESS_SERVE_HOLE must name the servers run-serve.sh started");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
});

const api = async (root, p) => {
  const r = await fetch(root + p);
  assert.equal(r.status, 200, `${p}: ${r.status}`);
  return r.json();
};

// A page with its problems collected: console errors (a CSP violation is
// one), uncaught exceptions, failed requests, and any request that goes
// anywhere but the server on 127.0.0.1.
async function open(root, p, width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems = [];
  const origin = new URL(root).origin;
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`exception: ${e}`));
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.protocol !== "data:" && (u.hostname !== "127.0.0.1" || u.origin !== origin)) problems.push(`left 127.0.0.1: ${r.url()}`);
  });
  await page.goto(root + p);
  await settled(page);
  return { page, problems };
}

// Wait until the page has rendered (no "Loading…", maps drawn).
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector("main[aria-busy]") && document.querySelector("main h1"));
  await page.waitForLoadState("networkidle");
}

// The cells of the table under the heading (h2 or h3) `title`, as text.
async function table(page, title) {
  return page.evaluate((title) => {
    const h = [...document.querySelectorAll("h2, h3")].find((e) => e.textContent === title);
    const t = h?.parentElement.querySelector("table");
    return t ? [...t.querySelectorAll("tbody tr")].map((r) => [...r.cells].map((c) => c.textContent)) : null;
  }, title);
}

async function noSidewaysScroll(page, label) {
  const [w, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  assert.ok(w <= inner, `${label}: the page is ${w} px wide in a ${inner} px window`);
}

async function shoot(page, name) {
  if (shots) await page.screenshot({ path: path.join(shots, `serve-${name}.png`), fullPage: true });
}

const num = (s) => Number(String(s).replace(/,/g, ""));

test("overview to China to the March 2024 itinerary: the numbers are the API's", async () => {
  const o = await api(base, "/api/overview");
  const r = await api(base, `/api/months/${o.latest_month}/report`);
  const { page, problems } = await open(base, "/");
  assert.match(await page.textContent("h1"), /^Removal flights, \w+ \d{4}$/);
  assert.equal(o.latest_month, "2024-03");
  assert.equal(await page.textContent("h1"), "Removal flights, March 2024");
  // The lead: the month's removals, linked to the legs behind them.
  const lead = await page.$eval("p.lead a.num", (a) => [a.textContent, a.getAttribute("href")]);
  assert.equal(num(lead[0]), r.removals.legs);
  // By country: one row per country, each count the report's, linked to its legs.
  const rows = await table(page, "Removal flights by country");
  assert.equal(rows.length, Object.keys(r.countries).length);
  for (const [cc, c] of Object.entries(r.countries)) {
    const row = rows.find((x) => x[0] === `${cc} ${c.label}`);
    assert.ok(row, `a row for ${cc}`);
    assert.equal(num(row[1]), c.legs, `${cc} flights`);
    assert.equal(num(row[2]), c.seats_typical, `${cc} seats`);
    assert.equal(num(row[3]), c.seats_max, `${cc} seats at most`);
  }
  // The chart: one red bar per country with flights.
  const bars = await page.$$eval("figure.chart svg rect.bar:not(.compare)", (r) => r.filter((x) => x.getBBox().width > 0 && x.getAttribute("y") !== "-10").length);
  assert.equal(bars, Object.values(r.countries).filter((c) => c.legs > 0).length);
  // Roles against the months before.
  const roles = await table(page, "Legs by role");
  for (const [k, v] of Object.entries(r.roles)) {
    const row = roles.find((x) => x[0] === v.label.replace(/_/g, " ") || x[0] === k.replace(/_/g, " "));
    assert.ok(row, `a row for ${k}`);
    assert.equal(num(row[1]), v.legs, `${k} legs`);
  }
  // The map: one route per removal leg, drawn over the country shapes.
  assert.ok(await page.$$eval("figure.map svg path.land", (p) => p.length) > 100, "country shapes drawn");
  assert.equal(await page.$$eval("figure.map svg path.route", (p) => p.length), r.removal_legs.length);
  await noSidewaysScroll(page, "overview at 1280 px");
  await shoot(page, "overview-1280");

  // A country's number links to exactly the legs the report counts.
  await Promise.all([page.waitForURL(/\/legs\?/), page.click(`table a.num[href*="counted_for=SV"]`)]);
  await settled(page);
  const sv = await table(page, "List");
  assert.equal(sv.length, r.countries.SV.legs, "the legs behind El Salvador's number");
  await page.goBack();
  await settled(page);

  // To China.
  await Promise.all([page.waitForURL(/\/country\/CN$/), page.click(`table a[href="/country/CN"]`)]);
  await settled(page);
  const t = await api(base, "/api/countries/CN/timeline");
  assert.equal(await page.textContent("h1"), "Removal flights to China (CN)");
  const events = await page.$$eval("ul.events li", (li) => li.map((e) => e.textContent));
  assert.equal(events.length, t.events.length);
  t.events.forEach((e, i) => assert.ok(events[i].toLowerCase().includes(e.text.toLowerCase()), events[i]));
  const months = await table(page, "By month");
  assert.equal(months.length, t.months.length);
  for (const m of t.months) {
    const row = months.find((x) => x[0] === m.month);
    if (m.coverage === "none") assert.equal(row[2], "no data", `${m.month}: no data, not zero`);
    else assert.equal(num(row[2]), m.flights, `${m.month} flights`);
  }
  assert.equal(await page.$$eval("figure.chart svg rect.no-data", (r) => r.length), t.months.filter((m) => m.coverage === "none").length);

  // The March 2024 itinerary.
  const its = await api(base, "/api/itineraries?country=CN");
  const march = its.itineraries.find((i) => i.start?.startsWith("2024-03"));
  assert.ok(march, "an itinerary with a removal to CN in March 2024");
  await Promise.all([page.waitForURL(/\/itinerary\//), page.click(`a[href="/itinerary/${encodeURIComponent(march.id)}"]`)]);
  await settled(page);
  const it = await api(base, `/api/itineraries/${encodeURIComponent(march.id)}`);
  assert.equal(it.registration, "N807SK");
  assert.equal(await page.textContent("h1"), "N807SK: KIWA › KSAT › PANC › ZYTX › RKSI › PANC › KIWA");
  assert.equal(await page.textContent("nav.breadcrumb"), "Home › Countries › China › this itinerary");
  const legs = await table(page, "Legs");
  assert.equal(legs.length, it.legs.length);
  assert.deepEqual(legs.map((l) => l[0]), ["KIWA → KSAT", "KSAT → PANC", "PANC → ZYTX", "ZYTX → RKSI", "RKSI → PANC", "PANC → KIWA"]);
  it.legs.forEach((l, i) => {
    assert.ok(legs[i][3].startsWith(l.role.replace(/_/g, " ")), `leg ${i + 1}: role ${legs[i][3]}, the API says ${l.role}`);
    assert.equal(legs[i][4], l.counted ? "yes" : "no");
    assert.equal(legs[i][5], l.reason);
    assert.equal(legs[i][6], `${it.seats} (at most ${it.seats_max})`);
  });
  assert.equal(legs[2][3], "removal to CN");
  assert.equal(`${it.seats}/${it.seats_max}`, "14/19");
  // Each leg's positions can be downloaded.
  const downloads = await page.$$eval("span.downloads a", (as) => as.map((a) => a.getAttribute("href")));
  assert.equal(downloads.length, 2 * it.legs.length);
  const csv = await fetch(base + downloads[0]);
  assert.equal(csv.status, 200);
  // The map: observed tracks solid, nothing inferred (every end was seen).
  assert.equal(await page.$$eval("svg path.observed", (p) => p.length), it.legs.filter((l) => l.track.length >= 2).length);
  assert.ok(await page.$$eval("svg path.observed", (p) => p.length) >= 6);
  assert.equal(await page.$$eval("svg path.inferred", (p) => p.length), 0);
  await shoot(page, "itinerary-1280");
  assert.deepEqual(problems, []);
  await page.close();
});

test("an itinerary with an unseen landing: dashed inferred parts, candidates with their share, never a fact", async () => {
  const its = await api(hole, "/api/itineraries?aircraft=N807SK");
  const march = its.itineraries.find((i) => i.start?.startsWith("2024-03"));
  const it = await api(hole, `/api/itineraries/${encodeURIComponent(march.id)}`);
  const { page, problems } = await open(hole, `/itinerary/${encodeURIComponent(march.id)}`);
  assert.equal(await page.textContent("h1"), "N807SK: KIWA › KSAT › PANC › ZYTX? › RKSI › PANC › KIWA");
  const unseen = it.legs.find((l) => !l.destination);
  assert.ok(unseen?.guess, "the API has the guess");
  const dashed = it.legs.reduce((n, l) => n + (l.inferred ?? []).length, 0);
  assert.ok(dashed > 0);
  assert.ok(await page.$$eval("svg path.inferred", (p) => p.length) >= dashed, "every inferred part is drawn dashed");
  assert.ok(await page.$$eval("svg path.observed", (p) => p.length) >= 6);
  const dash = await page.$eval("svg path.inferred", (p) => getComputedStyle(p).strokeDasharray);
  assert.notEqual(dash, "none");
  // The legs say what was not seen.
  const legs = await table(page, "Legs");
  assert.equal(legs[2][0], "PANC → ZYTX?");
  assert.ok(legs[2][2].startsWith("not seen"), legs[2][2]);
  assert.ok(legs[2][3].startsWith("removal to CN"));
  // The candidates, each with the API's share.
  const cands = await table(page, "Unobserved stops");
  assert.equal(cands.length, unseen.guess.candidates.length);
  unseen.guess.candidates.forEach((c, i) => {
    assert.equal(cands[i][0], `${c.airport}?`);
    assert.equal(cands[i][3], `${Math.round(c.share * 100)}%`);
  });
  const best = unseen.guess.candidates[0];
  const labels = await page.$$eval("svg text.label.candidate", (t) => t.map((x) => x.textContent));
  assert.ok(labels.includes(`${best.airport}? ${Math.round(best.share * 100)}%`), labels.join(" | "));
  await shoot(page, "itinerary-hole-1280");
  // The leg page says the same.
  await Promise.all([page.waitForURL(/\/leg\//), page.click("text=PANC → ZYTX?")]);
  await settled(page);
  const ends = await table(page, "The two ends");
  assert.ok(ends[1][1].startsWith("ZYTX?"), ends[1][1]);
  assert.ok(ends[1][2].startsWith("not seen"), ends[1][2]);
  assert.ok(await page.$$eval("svg path.inferred", (p) => p.length) > 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test("search for the registration, follow the result to the aircraft", async () => {
  const { page, problems } = await open(base, "/");
  await page.fill("header input[name=q]", "N807SK");
  await Promise.all([page.waitForURL(/\/search\?q=N807SK$/), page.press("header input[name=q]", "Enter")]);
  await settled(page);
  const s = await api(base, "/api/search?q=N807SK");
  const hit = s.results.find((x) => x.kind === "aircraft");
  assert.ok(hit, "the API finds the aircraft");
  await Promise.all([page.waitForURL(new RegExp(`${hit.url}$`)), page.click(`ul.results a[href="${hit.url}"]`)]);
  await settled(page);
  const a = await api(base, hit.url.replace(/^\//, "/api/"));
  assert.equal(await page.textContent("h1"), `N807SK, ${a.type}`);
  const facts = await page.$$eval("dl.facts dt", (dt) => Object.fromEntries(dt.map((d) => [d.textContent, d.nextElementSibling.textContent])));
  assert.equal(facts.address, a.icao);
  assert.equal(facts.seats, `${a.seats} in the type's typical layout, at most ${a.seats_max}`);
  assert.equal(num(facts.legs), a.legs.length);
  // The calendar: one marked day per day with legs.
  assert.equal(await page.$$eval("table.month td.flew", (d) => d.length), a.days.length);
  const byDay = await table(page, "Legs by day");
  assert.equal(byDay.length, a.days.length);
  assert.equal(byDay.reduce((n, r) => n + num(r[1]), 0), a.legs.length);
  assert.ok(await page.$$eval("figure.map svg path.route", (p) => p.length) > 0, "its legs on the map");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a phone and a laptop: no sideways scroll, wide tables scroll inside themselves", async () => {
  const its = await api(base, "/api/itineraries?aircraft=N807SK");
  const march = its.itineraries.find((i) => i.start?.startsWith("2024-03"));
  const leg = (await api(base, "/api/legs?counted_for=CN&month=2024-03")).legs[0];
  const pages = { overview: "/", country: "/country/CN", itinerary: `/itinerary/${encodeURIComponent(march.id)}`,
    aircraft: "/aircraft/a8f007", leg: `/leg/${leg.leg_id}`, legs: "/legs?counted_for=SV&month=2024-03", search: "/search?q=N807SK",
    month: "/month/2024-02" };
  for (const width of [390, 1280]) {
    for (const [name, p] of Object.entries(pages)) {
      const { page, problems } = await open(base, p, width);
      await noSidewaysScroll(page, `${name} at ${width} px`);
      // A chart or map is never wider than the window.
      const wide = await page.$$eval("figure svg", (s) => s.map((e) => e.getBoundingClientRect().right).filter((r) => r > innerWidth + 0.5));
      assert.deepEqual(wide, [], `${name} at ${width} px: a figure sticks out`);
      // Scrolling a table sideways does not widen the page.
      await page.$$eval(".table-scroll", (b) => b.forEach((x) => { x.scrollLeft = x.scrollWidth; }));
      await noSidewaysScroll(page, `${name} at ${width} px, tables scrolled`);
      await page.$$eval(".table-scroll", (b) => b.forEach((x) => { x.scrollLeft = 0; }));
      assert.deepEqual(problems, [], `${name} at ${width} px`);
      await shoot(page, `${name}-${width}`);
      await page.close();
    }
  }
});

test("unknown pages and bad ids say so, in words", async () => {
  const { page, problems } = await open(base, "/aircraft/zzzzzz");
  assert.equal(await page.textContent("h1"), "Not found");
  // The failed API call is a 404 the page explains; the browser logs it as a failed resource.
  assert.ok(problems.every((p) => /404|Failed to load resource/.test(p)), problems.join(" | "));
  await page.close();
});
