// screenshot.mjs BASE OUT.png: the page as the README shows it: a real
// query, councils side by side, on a wide screen.
import { launch } from './browser.mjs';

const [base, out] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${base}/?q=hospital+discharge&view=councils`);
  await page.waitForSelector('.council-card');
  await page.waitForFunction(() => document.getElementById('generation').textContent !== '\u2026');
  await page.screenshot({ path: out });
} finally {
  await browser.close();
}
