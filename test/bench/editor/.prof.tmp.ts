import { launchChromium } from '/work/main/test/e2e/browser';
import { ADMIN_TOKEN, startStack } from '/work/main/test/e2e/stack';
import { bigFlow } from '/work/main/test/bench/editor/editor.bench';
const stack = await startStack({ withConnection: false });
await stack.api('/api/v1/flows', { method: 'POST', body: bigFlow('bench-300') });
const browser = await launchChromium();
for (let i = 0; i < 3; i++) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  await context.addInitScript((token) => sessionStorage.setItem('idflow.adminToken', token), ADMIN_TOKEN);
  const page = await context.newPage();
  await page.goto(`${stack.url}/#/flows/bench-300`);
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length >= 300 && /scale\((?!1\))/.test((document.querySelector('.react-flow__viewport') as HTMLElement)?.style.transform ?? ''), null, { polling: 'raf' });
  const t = await page.evaluate(() => ({ now: performance.now(), res: performance.getEntriesByType('resource').map((r) => `${r.name.replace(/^.*\/\/[^/]+/, '')} ${Math.round(r.startTime)}-${Math.round(r.responseEnd)}`), nav: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd }));
  console.log(Math.round(t.now), 'dcl', Math.round(t.nav), t.res.join(' | '));
  await context.close();
}
await browser.close();
await stack.close();
