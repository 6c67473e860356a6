// The report and timeline pages in a real browser (Debian's chromium): what a
// reader sees, at desktop and phone widths. run.sh writes the pages first and
// passes their folder in SKYWITNESS_PAGES.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./browser.mjs";

const pages = process.env.SKYWITNESS_PAGES;
const shots = process.env.SKYWITNESS_SCREENSHOTS; // optional: where to save screenshots
let browser;

before(async () => {
  assert.ok(pages, "SKYWITNESS_PAGES must name the folder run.sh wrote");
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

async function open(file, width) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()}`));
  await page.goto(pathToFileURL(path.join(pages, file)).href);
  return { page, problems };
}

// The cells of the table under the heading `title`, as text.
async function table(page, title) {
  return page.evaluate((title) => {
    const h = [...document.querySelectorAll("h2")].find((e) => e.textContent === title);
    let t = h?.nextElementSibling;
    while (t && t.tagName !== "TABLE") t = t.nextElementSibling;
    return t ? [...t.querySelectorAll("tbody tr")].map((r) =>
      [...r.cells].map((c) => c.textContent)) : null;
  }, title);
}

// Every <text> of every chart, measured as drawn: its font size times the
// scale its SVG is drawn at (getScreenCTM), its box, and whether the box lies
// inside its chart and clear of the chart's other text.
async function chartText(page) {
  return page.$$eval("figure > svg", (svgs) => svgs.flatMap((svg, chart) => {
    const frame = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll("text")].map((t) => {
      const m = t.getScreenCTM();
      const scale = Math.min(Math.hypot(m.a, m.b), Math.hypot(m.c, m.d));
      return { chart, text: t.textContent, box: t.getBoundingClientRect(),
               px: parseFloat(getComputedStyle(t).fontSize) * scale };
    });
    const apart = (a, b) => a.right <= b.left + 0.5 || b.right <= a.left + 0.5 ||
      a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
    return texts.map((t) => ({
      chart: t.chart, text: t.text, px: t.px, height: t.box.height,
      inside: t.box.width > 0 && t.box.left >= frame.left - 0.5 && t.box.right <= frame.right + 0.5 &&
        t.box.top >= frame.top - 0.5 && t.box.bottom <= frame.bottom + 0.5,
      overlaps: texts.filter((o) => o !== t && !apart(o.box, t.box)).map((o) => o.text),
    }));
  }));
}

// Chart text is drawn at 11 px or more, inside its chart, none over another.
async function assertChartTextReadable(page, label) {
  const texts = await chartText(page);
  assert.ok(texts.length > 0, `${label}: charts have text`);
  for (const t of texts) {
    assert.ok(t.px >= 11 && t.height >= 11,
      `${label}: chart ${t.chart} "${t.text}" drawn at ${t.px.toFixed(1)} px (box ${t.height.toFixed(1)} px)`);
    assert.ok(t.inside, `${label}: chart ${t.chart} "${t.text}" sticks out of its chart`);
    assert.deepEqual(t.overlaps, [], `${label}: chart ${t.chart} "${t.text}" overlaps other text`);
  }
  return Math.min(...texts.map((t) => t.px));
}

// For the table under `title`, the columns whose headers start with
// `columns`: every cell can be seen. Scrolled into view (the page, or the
// table inside itself), the middle of each cell is the cell itself, inside
// the window and not under a sticky column. With the table scrolled to its
// end, the first column is still in view. Returns the failures.
async function keyColumnsVisible(page, title, columns) {
  return page.evaluate(([title, columns]) => {
    const h = [...document.querySelectorAll("h2")].find((e) => e.textContent === title);
    let t = h?.nextElementSibling;
    while (t && t.tagName !== "TABLE") t = t.nextElementSibling;
    if (!t) return [`no table under ${title}`];
    const head = [...t.querySelectorAll("thead th")].map((e) => e.textContent);
    const failures = [];
    const scroller = (e) => {
      for (let p = e.parentElement; p; p = p.parentElement)
        if (/auto|scroll/.test(getComputedStyle(p).overflowX) && p.scrollWidth > p.clientWidth) return p;
      return null;
    };
    for (const name of columns) {
      const i = head.findIndex((x) => x.startsWith(name));
      if (i < 0) { failures.push(`${title}: no column ${name}`); continue; }
      for (const row of t.querySelectorAll("tbody tr")) {
        const cell = row.cells[i];
        const box = scroller(cell);
        if (box) box.scrollLeft = 0;
        cell.scrollIntoView({ block: "center", inline: "nearest" });
        const r = cell.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (!(r.width > 0 && r.height > 0 && r.left >= -0.5 && r.right <= innerWidth + 0.5 &&
              hit && cell.contains(hit)))
          failures.push(`${title}: ${name} "${cell.textContent}" not in view (${Math.round(r.left)}..${Math.round(r.right)})`);
        if (box) box.scrollLeft = 0;
      }
    }
    const box = scroller(t.querySelector("tbody td"));
    if (box) {
      box.scrollLeft = box.scrollWidth;
      for (const row of t.querySelectorAll("tbody tr")) {
        const cell = row.cells[0];
        cell.scrollIntoView({ block: "center", inline: "nearest" });
        box.scrollLeft = box.scrollWidth;
        const r = cell.getBoundingClientRect(), frame = box.getBoundingClientRect();
        if (!(r.left >= frame.left - 0.5 && r.right <= frame.right + 0.5 && r.left >= 0 && r.right <= innerWidth))
          failures.push(`${title}: first column "${cell.textContent}" scrolled out of view`);
      }
      box.scrollLeft = 0;
    }
    return failures;
  }, [title, columns]);
}

// Cells that hold a month ("2022-08") or a time ("2024-03-30T08:25Z"),
// drawn on more than one line: their text's line boxes have more than one top,
// or the cell's text is taller than one line.
async function brokenDates(page) {
  return page.$$eval("td", (cells) => cells.filter((c) =>
    /^\d{4}-\d{2}(-\d{2}T\d{2}:\d{2}Z)?$/.test(c.textContent)).flatMap((c) => {
    const range = document.createRange();
    range.selectNodeContents(c);
    const rects = [...range.getClientRects()];
    const tops = new Set(rects.map((r) => Math.round(r.top)));
    const lineHeight = parseFloat(getComputedStyle(c).lineHeight);
    const height = range.getBoundingClientRect().height;
    return tops.size === 1 && height <= lineHeight * 1.2 ? [] :
      [`"${c.textContent}" on ${tops.size} lines, ${height.toFixed(0)} px high (a line: ${lineHeight} px)`];
  }));
}

test("the March 2024 report reads right at desktop width", async () => {
  const { page, problems } = await open("report/report.html", 1280);
  assert.equal(await page.textContent("h1"), "Removal flights, March 2024");
  const countries = await table(page, "By destination country");
  const china = countries.find((r) => r[0] === "CN China");
  assert.ok(china, "China has a row");
  assert.equal(china[1], "1");   // legs
  assert.equal(china[2], "14");  // seats in the type's typical layout
  assert.equal(china[3], "19");  // and in its largest: the upper bound
  // The removal legs table has one row per removal counted in the summary.
  const legs = await table(page, "Removal legs");
  const total = countries.reduce((n, r) => n + Number(r[1]), 0);
  assert.equal(legs.length, total);
  // Each leg id links to its evidence file, written beside the report.
  const links = await page.$$eval("table a[href^='evidence/']", (as) =>
    as.map((a) => ({ text: a.textContent, href: a.getAttribute("href") })));
  assert.equal(links.length, total);
  for (const l of links) assert.equal(l.href, `evidence/leg-${l.text}.txt`);
  const evidence = await browser.newPage();
  await evidence.goto(new URL(links[0].href, page.url()).href);
  const text = await evidence.textContent("body");
  assert.ok(text.startsWith(`leg ${links[0].text}: `), text.slice(0, 80));
  assert.match(text, /positions in the leg/);
  await evidence.close();
  // Charts are drawn: every bar of this month has a width, one per country.
  const bars = await page.$$eval("figure > svg", (svgs) => svgs.map((s) => {
    const b = s.getBoundingClientRect();
    return { w: b.width, h: b.height, red: [...s.querySelectorAll('rect[fill="#b22222"]')]
      .filter((r) => r.getBBox().width > 0 || r.getBBox().height > 0).length };
  }));
  assert.ok(bars.length >= 2, `${bars.length} charts`);
  for (const b of bars) assert.ok(b.w > 300 && b.h > 100, JSON.stringify(b));
  // The first chart: a legend swatch and one bar per country with flights.
  assert.equal(bars[0].red, 1 + countries.filter((r) => Number(r[1]) > 0).length);
  // Nothing wider than the window, nothing failed to load.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
  assert.deepEqual(problems, []);
  if (shots) await page.screenshot({ path: path.join(shots, "report-desktop.png") });
  await page.close();
});

test("the report fits a phone: wide tables scroll inside themselves", async () => {
  const { page, problems } = await open("report/report.html", 390);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
    "the page does not scroll sideways");
  const charts = await page.$$eval("figure > svg", (s) => s.map((e) => e.getBoundingClientRect().width));
  for (const w of charts) assert.ok(w <= 390, `a chart ${w}px wide`);
  assert.deepEqual(problems, []);
  if (shots) await page.screenshot({ path: path.join(shots, "report-phone.png") });
  await page.close();
});

test("China's timeline page says what is known, and shows months without data as such", async () => {
  const { page, problems } = await open("timeline-CN.html", 1280);
  assert.equal(await page.textContent("h1"), "Removal flights to China (CN)");
  const events = await page.$$eval("ul li", (li) => li.map((e) => e.textContent));
  // The data hold no months between July 2022 and January 2024: no pause
  // is claimed over them.
  assert.ok(events.some((e) => e.startsWith("first flight to CN seen since 2022-07-13, on 2024-03-30")),
    events.join(" | "));
  assert.ok(!events.some((e) => e.includes("resumed")), events.join(" | "));
  const months = await table(page, "By month");
  const flown = months.filter((r) => r[2] !== "0" && r[2] !== "no data").map((r) => r[0]);
  assert.equal(flown.join(","), "2022-07,2024-03");
  const none = months.filter((r) => r[1] === "none");
  assert.equal(none.length, 17, months.map((r) => r.join(" ")).join(" | "));  // 2022-08 to 2023-12
  assert.equal(none[0][0], "2022-08");
  assert.ok(none.every((r) => r[2] === "no data"), "a month without data shows no count");
  // The chart hatches those months over its whole height instead of drawing zero.
  assert.equal(await page.$$eval("figure svg rect.no-data", (r) => r.length), 17);
  assert.deepEqual(problems, []);
  if (shots) await page.screenshot({ path: path.join(shots, "timeline-CN.png"), fullPage: true });
  await page.close();
});

// Issue 16, part 5: readable on a phone. Measured, not only screenshots.
const widths = [390, 768, 1280];
const removalTables = {
  "By destination country": ["country", "legs", "seats"],
  "By operator": ["operator", "legs", "seats"],
  "By hub": ["hub", "legs", "seats"],
  "Removal legs": ["landed (UTC)", "aircraft", "country", "leg"],
};
const timelineTables = {
  "By month": ["month", "data", "flights"],
  "Flights": ["landed (UTC)", "aircraft"],
};

for (const [file, tables] of [["report/report.html", removalTables], ["timeline-CN.html", timelineTables]]) {
  test(`${file}: chart text is at least 11 px at every width (issue 16)`, async () => {
    for (const width of widths) {
      const { page, problems } = await open(file, width);
      const smallest = await assertChartTextReadable(page, `${file} at ${width} px`);
      if (process.env.SKYWITNESS_MEASURE) console.log(`${file} at ${width} px: smallest chart text ${smallest.toFixed(2)} px`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  test(`${file} at 390 px: no sideways scroll, key columns in view, dates on one line (issue 16)`, async () => {
    const { page, problems } = await open(file, 390);
    const scroll = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
    assert.ok(scroll[0] <= scroll[1], `the page is ${scroll[0]} px wide in a ${scroll[1]} px window`);
    const failures = [];
    for (const [title, columns] of Object.entries(tables))
      failures.push(...await keyColumnsVisible(page, title, columns));
    failures.push(...await brokenDates(page));
    assert.deepEqual(failures, []);
    const scrolled = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
    assert.ok(scrolled[0] <= scrolled[1], "scrolling the tables does not widen the page");
    assert.deepEqual(problems, []);
    if (shots) {
      await page.evaluate(() => scrollTo(0, 0));
      await page.screenshot({ path: path.join(shots, `${path.basename(file, ".html")}-390.png`), fullPage: true });
    }
    await page.close();
  });
}
