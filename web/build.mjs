// Builds the dashboard into one folder that `skywitness serve --web DIR`
// serves under /static/: index.html, app.js (every module bundled by
// esbuild), app.css and the country shapes. Usage: node web/build.mjs --out DIR
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf("--out");
if (at < 0 || !args[at + 1]) {
  console.error("usage: node web/build.mjs --out DIR");
  process.exit(2);
}
const out = path.resolve(args[at + 1]);
fs.mkdirSync(out, { recursive: true });

await build({
  entryPoints: [path.join(here, "src/main.js")],
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  legalComments: "eof", // the libraries' licence headers stay in app.js
  outfile: path.join(out, "app.js"),
  logLevel: "warning",
});
fs.copyFileSync(path.join(here, "src/index.html"), path.join(out, "index.html"));
fs.copyFileSync(path.join(here, "src/app.css"), path.join(out, "app.css"));
// Natural Earth 1:110m country shapes, as TopoJSON (world-atlas, ISC; the data public domain).
fs.copyFileSync(path.join(here, "node_modules/world-atlas/countries-110m.json"),
  path.join(out, "countries-110m.json"));
console.log(`built ${out}: ${fs.readdirSync(out).sort().join(", ")}`);
