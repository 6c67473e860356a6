// The report and timeline pages in a real browser (Debian's chromium): what a
// reader sees, at desktop and phone widths. run.sh writes the pages first and
// passes their folder in SKYWITNESS_PAGES.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const pages = process.env.SKYWITNESS_PAGES;
const shots = process.env.SKYWITNESS_SCREENSHOTS; // optional: where to save screenshots
let browser;

before(async () => {
  assert.ok(pages, "SKYWITNESS_PAGES must name the folder run.sh wrote");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
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

test("the March 2024 report reads right at desktop width", async () => {
  const { page, problems } = await open("report/report.html", 1280);
  assert.equal(await page.textContent("h1"), "Removal flights, March 2024");
  const countries = await table(page, "By destination country");
  const china = countries.find((r) => r[0] === "CN China");
  assert.ok(china, "China has a row");
  assert.equal(china[1], "1");   // legs
  assert.equal(china[2], "14");  // seats, upper bound
  // The removal legs table has one row per removal counted in the summary.
  const legs = await table(page, "Removal legs");
  const total = countries.reduce((n, r) => n + Number(r[1]), 0);
  assert.equal(legs.length, total);
  // Charts are drawn: every bar of this month has a width, one per country.
  const bars = await page.$$eval("figure svg", (svgs) => svgs.map((s) => {
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
  const charts = await page.$$eval("figure svg", (s) => s.map((e) => e.getBoundingClientRect().width));
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
