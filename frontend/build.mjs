// Build kabar's dashboard into kabar/server/static/ (shipped inside the Python package).
//   node build.mjs          -> app.js, app.css, countries.json, index.html
//   node build.mjs --check  -> exit 1 when a built file is missing or older than its sources
// Everything comes from node_modules (npm ci): Leaflet, supercluster, topojson-client and
// Natural Earth country shapes from world-atlas. No network, no tile server, no CDN at run time.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, statSync, existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "kabar", "server", "static");
const src = join(here, "src");
// 1:50m Natural Earth: good enough to zoom to a province; 1:110m loses small islands.
const COUNTRIES = join(here, "node_modules", "world-atlas", "countries-50m.json");
const OUTPUTS = ["app.js", "app.css", "countries.json", "index.html", "favicon.svg"];

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

if (process.argv.includes("--check")) {
  const srcTime = Math.max(newest(src), statSync(join(here, "package-lock.json")).mtimeMs);
  const stale = OUTPUTS.filter((f) => !existsSync(join(out, f)) || statSync(join(out, f)).mtimeMs < srcTime);
  if (stale.length) {
    console.error(`kabar dashboard: stale or missing in ${out}: ${stale.join(", ")}`);
    process.exit(1);
  }
  process.exit(0);
}

mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: join(src, "main.js") },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: out,
  legalComments: "eof",
  loader: { ".png": "dataurl" },
  logLevel: "warning",
});
await build({
  entryPoints: { app: join(src, "app.css") },
  bundle: true,
  minify: true,
  outdir: out,
  loader: { ".png": "dataurl" },
  logLevel: "warning",
});
copyFileSync(COUNTRIES, join(out, "countries.json"));
copyFileSync(join(src, "index.html"), join(out, "index.html"));
copyFileSync(join(src, "favicon.svg"), join(out, "favicon.svg"));
// The build output is not committed: scripts/setup.d/30-frontend.sh and packaging make it.
writeFileSync(join(out, ".gitignore"), "*\n!.gitignore\n");
console.error(`kabar dashboard: built ${OUTPUTS.join(", ")} into ${out}`);
