// Opens built pages in headless Chromium and reports, as JSON on standard output, for each page
// at each width: how far the page overflows horizontally, the serious and critical findings of
// axe-core, and whether any script ran. With `--screenshots DIR`, saves a screenshot of each.
//
//   node check.mjs SITE_DIR PAGE... [--screenshots DIR]
//
// Needs `puppeteer-core` and `axe-core` (npm) where Node finds them (NODE_PATH), and Chromium
// at $ACCORD_CHROMIUM or /usr/bin/chromium. The pages forbid scripts by their
// Content-Security-Policy; axe is injected with that policy bypassed for the audit alone, after
// the script check has looked at the page as a reader's browser runs it.

import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const puppeteer = require("puppeteer-core");
const axeSource = require("fs").readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const args = process.argv.slice(2);
let shots = null;
const shotsAt = args.indexOf("--screenshots");
if (shotsAt >= 0) {
  shots = args[shotsAt + 1];
  require("fs").mkdirSync(shots, { recursive: true });
  args.splice(shotsAt, 2);
}
const [site, ...pages] = args;
const widths = [390, 1280];

const browser = await puppeteer.launch({
  executablePath: process.env.ACCORD_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const results = [];
try {
  for (const page of pages) {
    const url = pathToFileURL(path.resolve(site, page)).href;
    for (const width of widths) {
      // As a reader's browser shows it: the page's own policy in force.
      const tab = await browser.newPage();
      await tab.setViewport({ width, height: 900 });
      await tab.goto(url, { waitUntil: "load" });
      const layout = await tab.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        pwned: document.body.hasAttribute("data-pwned") || document.title.includes("pwned"),
      })).catch(() => null);
      if (shots) {
        const name = `${page.replace(/[\/.]/g, "-")}-${width}.png`;
        await tab.screenshot({ path: path.join(shots, name), fullPage: false });
      }
      await tab.close();
      // The audit: the same page with axe injected.
      const audit = await browser.newPage();
      await audit.setBypassCSP(true);
      await audit.setViewport({ width, height: 900 });
      await audit.goto(url, { waitUntil: "load" });
      await audit.addScriptTag({ content: axeSource });
      const violations = await audit.evaluate(async () => {
        const found = await window.axe.run(document, { resultTypes: ["violations"] });
        return found.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
          }));
      });
      await audit.close();
      results.push({
        page,
        width,
        overflow: layout ? layout.overflow : null,
        // The layout check runs as a page script would; the page's policy forbids scripts, so
        // puppeteer's evaluate is what ran, not the page's own.
        pwned: layout ? layout.pwned : false,
        violations,
      });
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results, null, 2) + "\n");
