// The dashboard (`skywitness serve`) in a real browser (Debian's chromium):
// what a reader clicks through, checked against the numbers the JSON API
// gives. run-serve.sh starts the servers and passes their base URLs:
// SKYWITNESS_SERVE (the demo database) and SKYWITNESS_SERVE_HOLE (the same
// fleet, the Shenyang landing inside a coverage hole), and the hole's
// database file, SKYWITNESS_SERVE_HOLE_DB, which the live page's test writes
// alerts into (with the sqlite3 program) while it is served, as `live` would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { launchChromium } from "./browser.mjs";

const base = process.env.SKYWITNESS_SERVE;
const hole = process.env.SKYWITNESS_SERVE_HOLE;
const holeDb = process.env.SKYWITNESS_SERVE_HOLE_DB;
const shots = process.env.SKYWITNESS_SCREENSHOTS; // optional: where to save screenshots
let browser;

before(async () => {
  assert.ok(base && hole, "SKYWITNESS_SERVE and SKYWITNESS_SERVE_HOLE must name the servers run-serve.sh started");
  browser = await launchChromium();
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
// idle: wait for the network to be idle (not on the live page, whose event
// stream stays open).
async function open(root, p, width = 1280, { idle = true } = {}) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems = [], requests = [];
  const origin = new URL(root).origin;
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`exception: ${e}`));
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("request", (r) => {
    const u = new URL(r.url());
    requests.push(u.pathname + u.search);
    if (u.protocol !== "data:" && (u.hostname !== "127.0.0.1" || u.origin !== origin)) problems.push(`left 127.0.0.1: ${r.url()}`);
  });
  await page.goto(root + p, idle ? undefined : { waitUntil: "domcontentloaded" });
  await settled(page, { idle });
  return { page, problems, requests };
}

// Wait until the page has rendered (no "Loading…", maps drawn).
async function settled(page, { idle = true } = {}) {
  await page.waitForFunction(() => !document.querySelector("main[aria-busy]") && document.querySelector("main h1"));
  if (idle) await page.waitForLoadState("networkidle");
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
  assert.equal(lead[1], `/legs?counted_for=any&month=${o.latest_month}`);
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

// The linked numbers in the table under the heading `title`: for each row,
// its first cell's text, and each a.num's number and link.
async function linkedNumbers(page, title) {
  return page.evaluate((title) => {
    const h = [...document.querySelectorAll("h2, h3")].find((e) => e.textContent === title);
    const t = h?.parentElement.querySelector("table");
    return t ? [...t.querySelectorAll("tbody tr")].map((r) => ({ name: r.cells[0].textContent,
      links: [...r.querySelectorAll("a.num")].map((a) => ({ text: a.textContent, href: a.getAttribute("href") })) })) : null;
  }, title);
}

// Follows a number's link: the /legs page says in words what list it is,
// with the API's total, and lists that many legs; the API agrees.
async function follow(root, page, href, n, label) {
  assert.match(href, /^\/legs\?/, `${label}: ${href}`);
  const q = new URLSearchParams(href.slice("/legs?".length));
  q.set("limit", "500");
  const list = await api(root, `/api/legs?${q}`);
  assert.equal(list.total, n, `${label}: ${href} holds ${list.total} legs, the overview says ${n}`);
  assert.equal(list.legs.length, n, `${label}: ${href} lists every leg on one page`);
  await page.goto(root + href);
  await settled(page);
  const h1 = await page.textContent("h1");
  const m = h1.match(/: ([\d,]+) legs?$/);
  assert.ok(m, `${label}: the heading gives the total: ${h1}`);
  assert.equal(num(m[1]), n, `${label}: ${h1}`);
  const rows = await table(page, "List");
  if (n <= 100) assert.equal(rows.length, n, `${label}: rows listed`);
  return h1;
}

test("every linked number on the overview of March 2024 is the total of the legs it links to", async () => {
  const m = "2024-03";
  const r = await api(base, `/api/months/${m}/report`);
  const { page, problems, requests } = await open(base, `/month/${m}`);
  // The map draws from the report's airports alone: no leg fetched for its position.
  assert.deepEqual(requests.filter((u) => /^\/api\/legs\/\d+/.test(u)), [], "the overview fetches no leg");
  assert.deepEqual(requests.filter((u) => u.startsWith("/api/")).sort(), ["/api/months/2024-03/report", "/api/overview"]);
  assert.equal(await page.$$eval("figure.map svg path.route", (p) => p.length), r.removal_legs.length, "every removal drawn");
  assert.equal(await page.$$eval("figure.map figcaption .note", (n) => n.length), 0, "no leg left undrawn");
  // The sentence that said the roles could not be linked is gone.
  assert.ok(!(await page.textContent("main")).includes("not plain lists of legs"));

  const checks = []; // [label, number shown, href, the report's number]
  const lead = await page.$eval("p.lead a.num", (a) => ({ text: a.textContent, href: a.getAttribute("href") }));
  checks.push(["lead", lead, r.removals.legs]);
  const roles = await linkedNumbers(page, "Legs by role");
  assert.equal(roles.length, Object.keys(r.roles).length, "a row per role");
  for (const [k, v] of Object.entries(r.roles)) {
    const row = roles.find((x) => x.name === k.replace(/_/g, " "));
    assert.ok(row, `a row for the role ${k}`);
    assert.equal(row.links.length, 1, `role ${k}: its count is linked`);
    assert.equal(row.links[0].href, `/legs?role=${k}&watched=true&month=${m}`);
    checks.push([`role ${k}`, row.links[0], v.legs]);
  }
  const countries = await linkedNumbers(page, "Removal flights by country");
  for (const [cc, c] of Object.entries(r.countries)) {
    const row = countries.find((x) => x.name === `${cc} ${c.label}`);
    checks.push([`country ${cc}`, row.links[0], c.legs]);
  }
  const ops = await linkedNumbers(page, "Operators");
  assert.equal(ops.length, Object.keys(r.operators).length, "a row per operator");
  for (const [k, v] of Object.entries(r.operators)) {
    const row = ops.find((x) => x.name === (k === v.label ? k : `${v.label} (${k})`));
    assert.ok(row, `a row for the operator ${k}`);
    assert.equal(row.links[0].href, `/legs?counted_for=any&operator=${k}&month=${m}`);
    checks.push([`operator ${k}`, row.links[0], v.legs]);
  }
  const hubs = await linkedNumbers(page, "Hubs");
  assert.equal(hubs.length, Object.keys(r.hubs).length, "a row per hub");
  for (const [k, v] of Object.entries(r.hubs)) {
    const row = hubs.find((x) => x.name === `${k} ${v.label}`);
    assert.ok(row, `a row for the hub ${k}`);
    assert.equal(row.links[0].href, `/legs?counted_for=any&base=${k}&month=${m}`);
    checks.push([`hub ${k}`, row.links[0], v.legs]);
  }
  const planes = await linkedNumbers(page, "Most active aircraft");
  const byPlane = new Map();
  for (const l of r.removal_legs) byPlane.set(l.registration || l.icao, [...(byPlane.get(l.registration || l.icao) ?? []), l]);
  assert.equal(planes.length, Math.min(10, byPlane.size), "a row per aircraft (at most 10)");
  for (const row of planes) {
    assert.ok(byPlane.has(row.name), `${row.name} flew removals`);
    const icao = byPlane.get(row.name)[0].icao;
    assert.equal(row.links[0].href, `/legs?counted_for=any&aircraft=${icao}&month=${m}`);
    checks.push([`aircraft ${row.name}`, row.links[0], byPlane.get(row.name).length]);
  }
  const dests = await linkedNumbers(page, "Top destinations");
  for (const row of dests) checks.push([`destination ${row.name}`, row.links[0], undefined]);
  assert.equal(dests.reduce((n, x) => n + num(x.links[0].text), 0), r.removals.legs, "the destinations add up to the removals");

  for (const [label, link, expected] of checks) {
    const shown = num(link.text);
    if (expected !== undefined) assert.equal(shown, expected, `${label}: the overview shows the report's number`);
    await follow(base, page, link.href, shown, label);
  }
  // In words, with the number.
  await page.goto(`${base}/legs?counted_for=any&operator=GXA&month=${m}`);
  await settled(page);
  assert.equal(await page.textContent("h1"), `Counted removals of operator GXA in March 2024: ${r.operators.GXA.legs} legs`);
  await page.goto(`${base}/legs?role=domestic_transfer&watched=true&month=${m}`);
  await settled(page);
  assert.equal(await page.textContent("h1"), `Domestic transfer legs of the counted aircraft in March 2024: ${r.roles.domestic_transfer.legs} legs`);
  await page.goto(`${base}/legs?counted_for=any&base=KIWA&month=${m}`);
  await settled(page);
  assert.equal(await page.textContent("h1"), `Counted removals on trips from the base KIWA in March 2024: ${r.hubs.KIWA.legs} legs`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("an unseen landing on the overview: drawn dashed to its guess, ranked with a ?, its number still the legs'", async () => {
  const m = "2024-03";
  const r = await api(hole, `/api/months/${m}/report`);
  const guessed = r.removal_legs.filter((l) => l.guess);
  assert.ok(guessed.length > 0, "the hole's report has a guessed landing");
  for (const l of guessed)
    for (const c of l.guess.candidates) assert.ok(Number.isFinite(r.airports[c.airport]?.lat), `the report places ${c.airport}`);
  const { page, problems, requests } = await open(hole, `/month/${m}`);
  assert.deepEqual(requests.filter((u) => /^\/api\/legs\/\d+/.test(u)), [], "the overview fetches no leg");
  assert.equal(await page.$$eval("figure.map svg path.route", (p) => p.length), r.removal_legs.length);
  assert.equal(await page.$$eval("figure.map svg path.route.inferred", (p) => p.length), guessed.length, "each guessed landing dashed");
  const dests = await linkedNumbers(page, "Top destinations");
  const g = guessed[0].guess.airport;
  const row = dests.find((x) => x.name.startsWith(`${g}?`));
  assert.ok(row, `${g}? is ranked as a guess: ${dests.map((x) => x.name).join(" | ")}`);
  assert.ok(!dests.some((x) => x.name.startsWith(`${g} `)), `${g} is not ranked as seen`);
  for (const x of dests) await follow(hole, page, x.links[0].href, num(x.links[0].text), `destination ${x.name}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the rankings show every column at 1280 px, and the page does not scroll sideways at 390 px", async () => {
  for (const width of [1280, 390]) {
    const { page, problems } = await open(base, "/month/2024-03", width);
    const boxes = await page.evaluate(() => {
      const h = [...document.querySelectorAll("h2")].find((e) => e.textContent === "Rankings");
      return [...h.parentElement.querySelectorAll(".table-scroll")].map((b) => ({
        name: b.getAttribute("aria-label"), scroll: b.scrollWidth, client: b.clientWidth,
        cols: b.querySelectorAll("thead th").length, right: Math.max(...[...b.querySelectorAll("th")].map((t) => t.getBoundingClientRect().right)),
        boxRight: b.getBoundingClientRect().right }));
    });
    assert.deepEqual(boxes.map((b) => b.name), ["Top destinations", "Most active aircraft", "Hubs", "Operators"]);
    if (width === 1280) for (const b of boxes) {
      assert.ok(b.scroll <= b.client, `${b.name} at ${width} px: its table is ${b.scroll} px in a ${b.client} px box`);
      assert.ok(b.right <= b.boxRight + 0.5, `${b.name} at ${width} px: its last column is inside the box`);
    }
    await noSidewaysScroll(page, `rankings at ${width} px`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test("print: the itinerary without the site's nav and search, with its map and legs", async () => {
  const its = await api(base, "/api/itineraries?aircraft=N807SK");
  const march = its.itineraries.find((i) => i.start?.startsWith("2024-03"));
  const { page, problems } = await open(base, `/itinerary/${encodeURIComponent(march.id)}`);
  assert.ok(await page.isVisible("header.site nav"), "on screen, the nav shows");
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.evaluate(() => matchMedia("print").matches), true);
  assert.equal(await page.isVisible("header.site nav"), false, "the nav is not printed");
  assert.equal(await page.isVisible("form.search"), false, "the search form is not printed");
  assert.ok(await page.isVisible("figure.map svg"), "the map is printed");
  assert.ok(await page.$$eval("figure.map svg path.observed", (p) => p.length) >= 6, "with its tracks");
  const legsTable = await page.evaluateHandle(() => [...document.querySelectorAll("h2")].find((e) => e.textContent === "Legs").parentElement.querySelector("table"));
  assert.ok(await legsTable.isVisible(), "the legs table is printed");
  const cut = await page.evaluate(() => {
    const t = [...document.querySelectorAll("h2")].find((e) => e.textContent === "Legs").parentElement.querySelector(".table-scroll");
    return getComputedStyle(t).overflowX;
  });
  assert.equal(cut, "visible", "the legs table is not cut to a scroll box on paper");
  if (shots) await page.pdf({ path: path.join(shots, "serve-itinerary-print.pdf") }).catch(() => {});
  assert.deepEqual(problems, []);
  await page.close();
});

// An alert as `skywitness live` records it (docs/live.md), written into the
// database with the sqlite3 program while serve reads it.
function putAlert(db, a) {
  const record = { id: a.id, type: a.type, icao: a.icao, registration: a.registration ?? null, callsign: a.callsign ?? null,
    airport: a.airport ?? null, country: a.country ?? null, time: a.time, how: a.how, leg_id: a.leg_id ?? null,
    reason: a.reason, candidates: a.candidates ?? [], ...(a.refers ? { refers: a.refers } : {}) };
  const q = (v) => `'${String(v).replace(/'/g, "''")}'`;
  const sql = `INSERT INTO alerts(id, type, icao, time, record, recorded) VALUES (${q(a.id)}, ${q(a.type)}, ${parseInt(a.icao, 16)}, ` +
    `${Date.parse(a.time) / 1000}, ${q(JSON.stringify(record))}, ${q(new Date().toISOString())});`;
  execFileSync("sqlite3", ["-cmd", ".timeout 5000", db, sql]);
}

test("live: with no alerts yet it says so, and that skywitness live records them", async () => {
  const none = await api(base, "/api/alerts");
  assert.deepEqual(none.alerts, [], "the demo's database holds no alerts");
  const { page, problems } = await open(base, "/", 1280);
  // Reached from the nav, as a reader would.
  await Promise.all([page.waitForURL(/\/live$/), page.click('header.site nav a[href="/live"]')]);
  await settled(page, { idle: false });
  assert.equal(await page.textContent("h1"), "Live alerts");
  const empty = await page.textContent("main p.empty");
  assert.match(empty, /^No alerts recorded yet\./);
  assert.match(empty, /skywitness live/);
  await page.waitForSelector("p.live-status.connected");
  assert.equal(await page.$$eval("ol.alerts li", (l) => l.length), 0);
  // Leaving the page closes its stream: the next page is idle.
  await Promise.all([page.waitForURL(/\/$/), page.click('header.site nav a[href="/"]')]);
  await settled(page);
  assert.equal(await page.textContent("h1"), "Removal flights, March 2024");
  assert.ok(problems.every((p) => /ERR_ABORTED.*alerts\/stream|alerts\/stream.*ERR_ABORTED/.test(p)), problems.join(" | "));
  await page.close();
});

test("live: alerts newest first as they are recorded, an inferred landing never shown as a fact", async (t) => {
  if (!holeDb) return t.skip("SKYWITNESS_SERVE_HOLE_DB not given");
  const aircraft = await api(hole, "/api/aircraft/N807SK");
  const leg = aircraft.legs.find((l) => l.destination === "PANC") ?? aircraft.legs[0];
  const inferred = "landing_inferred-a8f007-20240330T021500Z";
  putAlert(holeDb, { id: "takeoff-a8f007-20240329T140500Z", type: "takeoff", icao: "a8f007", registration: "N807SK", callsign: "GXA807",
    airport: "KIWA", country: "US", time: "2024-03-29T14:05:00Z", how: "observed", reason: "seen leaving KIWA, climbing through 2500 ft" });
  putAlert(holeDb, { id: inferred, type: "landing_inferred", icao: "a8f007", registration: "N807SK", callsign: "GXA807",
    airport: "ZYTX", country: "CN", time: "2024-03-30T02:15:00Z", how: "inferred", candidates: ["ZYTX", "ZYTL"],
    reason: "signal lost at 4200 ft 18 NM from ZYTX, descending towards it; not heard for 300 s" });
  const { page, problems } = await open(hole, "/live", 1280, { idle: false });
  await page.waitForFunction(() => document.querySelectorAll("ol.alerts li.alert").length === 2);
  assert.equal(await page.isVisible("main p.empty"), false, "no 'no alerts' with alerts shown");
  // Newest first.
  const types = await page.$$eval("ol.alerts li.alert", (l) => l.map((x) => x.dataset.type));
  assert.deepEqual(types, ["landing_inferred", "takeoff"]);
  // The takeoff, observed: its field a link, its aircraft linked to its page.
  const takeoff = page.locator("li.alert.observed");
  assert.match(await takeoff.textContent(), /2024-03-29T14:05:00Z\s*Takeoff\s*observed/);
  assert.equal(await takeoff.locator('a[href="/aircraft/a8f007"]').textContent(), "N807SK");
  assert.equal(await takeoff.locator('a.code[href="/legs?airport=KIWA"]').count(), 1);
  // The inferred landing: dashed, said in words, its field a guess, every candidate.
  const landing = page.locator("li.alert.inferred");
  assert.equal(await landing.locator(".alert-type").textContent(), "Landing inferred");
  assert.equal(await landing.locator(".how").textContent(), "inferred, not observed");
  assert.equal(await landing.locator(".alert-what .guess").textContent(), "ZYTX?");
  assert.equal(await landing.locator(".alert-what a.code").count(), 0, "an inferred field is not given as a fact");
  assert.deepEqual(await landing.locator(".candidates .guess").allTextContents(), ["ZYTX?", "ZYTL?"]);
  assert.match(await landing.locator(".reason").textContent(), /^Signal lost at 4200 ft/);
  assert.notEqual(await landing.evaluate((e) => getComputedStyle(e).borderTopStyle), "solid");
  // Recorded while the page is open: on top within seconds, without a reload.
  putAlert(holeDb, { id: "landing_withdrawn-a8f007-20240330T023000Z", type: "landing_withdrawn", icao: "a8f007", registration: "N807SK",
    callsign: "GXA807", airport: "ZYTX", country: "CN", time: "2024-03-30T02:30:00Z", how: "observed", refers: inferred,
    reason: "heard again in the air at 9000 ft on the same leg" });
  putAlert(holeDb, { id: "landing-a8f007-20240330T031000Z", type: "landing", icao: "a8f007", registration: "N807SK", callsign: "GXA807",
    airport: "PANC", country: "US", time: "2024-03-30T03:10:00Z", how: "observed", leg_id: leg.leg_id, reason: "seen down at PANC" });
  await page.waitForFunction(() => document.querySelectorAll("ol.alerts li.alert").length === 4, null, { timeout: 8000 });
  assert.deepEqual(await page.$$eval("ol.alerts li.alert", (l) => l.map((x) => x.dataset.type)),
    ["landing", "landing_withdrawn", "landing_inferred", "takeoff"]);
  // The withdrawn landing says what became of it.
  assert.match(await landing.locator("p.later.withdrawn").textContent(), /^Withdrawn at 2024-03-30T02:30Z: heard again/);
  assert.equal(await page.locator("li.alert.withdrawn").count(), 1);
  const withdrawal = page.locator('li.alert[data-type="landing_withdrawn"]');
  assert.match(await withdrawal.locator(".alert-what").textContent(), /did not land at ZYTX\?/);
  assert.equal(await withdrawal.locator(`a.refers[href="#alert-${inferred}"]`).count(), 1);
  await noSidewaysScroll(page, "live at 1280 px");
  await shoot(page, "live-1280");
  // The landing links to its leg's page.
  await Promise.all([page.waitForURL(new RegExp(`/leg/${leg.leg_id}$`)), page.click(`li.alert a[href="/leg/${leg.leg_id}"]`)]);
  await settled(page);
  assert.match(await page.textContent("h1"), new RegExp(`^Leg ${leg.leg_id}: N807SK`));
  assert.ok(problems.every((p) => /ERR_ABORTED.*alerts\/stream|alerts\/stream.*ERR_ABORTED/.test(p)), problems.join(" | "));
  await page.close();
  // On a phone: nothing sticks out.
  const phone = await open(hole, "/live", 390, { idle: false });
  await phone.page.waitForFunction(() => document.querySelectorAll("ol.alerts li.alert").length === 4);
  await noSidewaysScroll(phone.page, "live at 390 px");
  await shoot(phone.page, "live-390");
  assert.deepEqual(phone.problems, []);
  await phone.page.close();
});
