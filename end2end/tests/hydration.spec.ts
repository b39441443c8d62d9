// Hydration must not move anything: the server's HTML and the hydrated page lay out the same.
import { expect, test, type Page } from "@playwright/test";
import { EventPage } from "../pages/event";

async function positions(page: Page) {
  const event = new EventPage(page);
  const boxes = await Promise.all(
    [event.heading, event.when, event.where, event.hotels, event.hotelNames.last()].map((l) => l.boundingBox()),
  );
  return boxes.map((box) => box && { x: Math.round(box.x), y: Math.round(box.y), h: Math.round(box.height) });
}

test("hydrating the event page moves nothing on screen", async ({ browser, page }) => {
  const { baseURL, viewport, deviceScaleFactor, isMobile, hasTouch, userAgent } = test.info().project.use;
  const serverOnly = await browser.newContext({
    baseURL,
    viewport,
    deviceScaleFactor,
    isMobile,
    hasTouch,
    userAgent,
    javaScriptEnabled: false,
  });
  const before = await serverOnly.newPage();
  await new EventPage(before).open("london-2014");
  const rendered = await positions(before);
  await serverOnly.close();
  expect(rendered.every((box) => box !== null)).toBe(true);

  const event = new EventPage(page);
  await event.open("london-2014");
  await event.waitForHydration();
  expect(await positions(page)).toEqual(rendered);
});
