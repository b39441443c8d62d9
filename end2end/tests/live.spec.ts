// Live updates: a change made in one browser shows in another without a reload, and a page
// that lost its server catches up once the server is back.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { AccountPages, DEMO_ORGANISER } from "../pages/account";
import { EditorPage } from "../pages/editor";
import { EventPage, upcomingSlug } from "../pages/event";
import { OwnServer } from "../pages/server";

// These tests stop and restart a server of their own, so they run one after the other, and
// only in the phone project (see playwright.config.ts).
test.describe.configure({ mode: "serial" });

const server = new OwnServer();
const slug = upcomingSlug();

test.beforeAll(async () => {
  await server.start(true);
});

test.afterAll(async () => {
  await server.stop();
});

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 390, height: 844 } });
  return context.newPage();
}

async function organiserChangesTagline(page: Page, tagline: string) {
  const account = new AccountPages(page);
  await account.signIn(DEMO_ORGANISER);
  await account.expectSignedInAs("Mira Okafor");
  await page.goto(`/events/${slug}/edit`);
  const editor = new EditorPage(page);
  await page.getByLabel("Tagline").fill(tagline);
  await editor.save.click();
  await editor.expectSaved();
}

test("a change in one browser shows in another within 2 s, without a reload", async ({ browser }) => {
  const visitor = await newPage(browser);
  const event = new EventPage(visitor);
  await event.open(slug);
  await expect(event.liveState).toHaveText("Live");
  await expect(event.viewers).toHaveText("1 watching now");
  await visitor.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  const organiser = await newPage(browser);
  await organiser.goto(`/events/${slug}`);
  // The organiser's open page counts too, on every page watching.
  await expect(event.viewers).toHaveText("2 watching now");

  const tagline = `Two days of hacking, live ${Date.now()}`;
  await organiserChangesTagline(organiser, tagline);
  await expect(event.tagline).toHaveText(tagline, { timeout: 2_000 });
  expect(await visitor.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});

test("after the server restarts the page is live again and shows what it missed", async ({ browser }) => {
  const visitor = await newPage(browser);
  const event = new EventPage(visitor);
  await event.open(slug);
  await expect(event.liveState).toHaveText("Live");
  await visitor.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  await server.stop();
  await expect(event.liveState).toHaveText("Reconnecting…");
  // Offline, the page cannot reconnect before the change is made.
  await visitor.context().setOffline(true);
  await server.start();
  const tagline = `Changed while you were away ${Date.now()}`;
  await organiserChangesTagline(await newPage(browser), tagline);
  await expect(event.tagline).not.toHaveText(tagline);

  await visitor.context().setOffline(false);
  await expect(event.liveState).toHaveText("Live", { timeout: 15_000 });
  await expect(event.tagline).toHaveText(tagline);
  expect(await visitor.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});
