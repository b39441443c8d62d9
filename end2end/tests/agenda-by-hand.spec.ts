// The agenda editor by hand, each test on an event of its own so that no other test's change
// moves the grid under its pointer: a mouse drags, a finger taps, and on the day "Now / Next"
// and the projector view show what is on and follow the editor live.
import { expect, test, type Page } from "@playwright/test";
import { AccountPages, DEMO_ORGANISER } from "../pages/account";
import { createEvent, proposeTopic, upcomingDay } from "../pages/event";

/** A Thursday and Friday ahead, in UTC so the test's clock needs no time zone. */
const DAY = upcomingDay(0);

/** Signs in as the demo organiser (an admin) and makes an event with `rooms`; its address. */
async function eventWithRooms(page: Page, name: string, rooms: string[]): Promise<string> {
  const account = new AccountPages(page);
  await account.signIn(DEMO_ORGANISER);
  await account.expectSignedInAs("Mira Okafor");
  const event = await createEvent(page, name, DAY, upcomingDay(1));
  await page.goto(`${event}/agenda/edit`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  for (const room of rooms) {
    await page.getByLabel("Name", { exact: true }).fill(room);
    await page.getByLabel("Seats").fill("30");
    await page.getByRole("button", { name: "Add the room" }).click();
    await expect(page.locator(".grid-room").filter({ hasText: room }).first()).toBeVisible();
  }
  return event;
}

async function openEditor(page: Page, event: string) {
  await page.goto(`${event}/agenda/edit`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByRole("status", { name: "Live updates" })).toHaveText("Live");
}

const session = (page: Page, title: string) =>
  page.locator(".editor-grid .grid-session").filter({ hasText: title });

test("with a mouse a topic is dragged onto the grid, then dragged to another hour", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "a mouse, at a desk");
  const event = await eventWithRooms(page, "drag", ["Hall"]);
  const title = "Dragged topic";
  await proposeTopic(page, event, title);
  await openEditor(page, event);

  const pick = page.locator(".topic-pick").filter({ hasText: title });
  await pick.dragTo(page.getByRole("button", { name: "Hall · Thu 11:00" }));
  await page.getByRole("button", { name: "Put it on the agenda" }).click();
  await expect(session(page, title)).toHaveText(/11:00–12:00/);

  await session(page, title).dragTo(page.getByRole("button", { name: "Hall · Thu 14:00" }));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(session(page, title)).toHaveText(/14:00–15:00/);
  await page.goto(`${event}/agenda`);
  await expect(page.locator(".agenda-item").filter({ hasText: title })).toContainText("14:00");
});

test("on a phone a topic is placed by tapping it and then a free slot", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "a finger, at 390 px");
  const event = await eventWithRooms(page, "tap", ["Hall"]);
  const title = "Tapped topic";
  await proposeTopic(page, event, title);
  await openEditor(page, event);

  await page.locator(".topic-pick").filter({ hasText: title }).tap();
  await expect(page.locator(".topic-pick").filter({ hasText: title })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "Hall · Thu 09:30" }).tap();
  await page.getByRole("button", { name: "Put it on the agenda" }).tap();
  await expect(session(page, title)).toHaveText(/09:30–10:30/);
});

test("on the day, Now / Next and the projector show what is on and follow the editor live", async ({ page, browser }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "the organiser edits at a desk; the screens are contexts of their own");
  const event = await eventWithRooms(page, "now", ["Hall"]);
  await openEditor(page, event);
  const place = async (title: string, slot: string) => {
    await page.getByLabel("What").selectOption("");
    await page.getByLabel("Title of the plain item").fill(title);
    await page.getByRole("button", { name: `Hall · Thu ${slot}` }).click();
    await page.getByRole("button", { name: "Put it on the agenda" }).click();
    await expect(session(page, title)).toBeVisible();
  };
  await place("Keynote", "10:00");

  // Half past ten on the first day, in the browsers on the wall and in a pocket.
  const { baseURL } = test.info().project.use;
  const screens = [];
  for (const [path, viewport] of [
    ["agenda/now", { width: 390, height: 844 }],
    ["agenda/screen", { width: 1920, height: 1080 }],
  ] as const) {
    const screen = await (await browser.newContext({ baseURL, viewport })).newPage();
    await screen.clock.setFixedTime(new Date(`${DAY}T10:30:00Z`));
    await screen.goto(`${event}/${path}`);
    await expect(screen.locator("html")).toHaveAttribute("data-hydrated", "true");
    await expect(screen.getByRole("status", { name: "Live updates" })).toHaveText("Live");
    screens.push(screen);
  }
  for (const screen of screens) {
    const hall = screen.locator(".room-now").filter({ has: screen.getByRole("heading", { name: "Hall" }) });
    await expect(hall.locator(".now")).toContainText("Keynote");
    await expect(hall.locator(".now")).toContainText("until 11:00");
    await expect(screen.locator(".clock")).toHaveText("10:30");
  }
  await expect(screens[1].locator(".now-next.projector")).toBeVisible();

  await place("Coffee", "11:00");
  for (const screen of screens) {
    const hall = screen.locator(".room-now").filter({ has: screen.getByRole("heading", { name: "Hall" }) });
    await expect(hall.locator(".next")).toContainText("Coffee · 11:00", { timeout: 2_000 });
  }
});
