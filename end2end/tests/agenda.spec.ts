// The live agenda: an organiser at a desk places and moves a topic; a phone on "Now / Next"
// follows without a reload.
import { expect, test, type APIRequestContext } from "@playwright/test";
import ICAL from "ical.js";
import { AccountPages, DEMO_ORGANISER } from "../pages/account";
import { upcomingSlug } from "../pages/event";

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "the organiser edits at a desk; the phone is a context of its own");
});

test("an organiser moves a topic to another room and time, and a phone on Now / Next shows it", async ({ page, browser }) => {
  const { baseURL } = test.info().project.use;
  const event = `/events/${upcomingSlug()}`;
  const stamp = Date.now();
  const [first, second] = [`Hayes ${stamp}`, `Garden ${stamp}`];

  const organiser = new AccountPages(page);
  await organiser.signIn(DEMO_ORGANISER);
  await organiser.expectSignedInAs("Mira Okafor");
  await page.goto(`${event}/agenda/edit`);
  for (const room of [first, second]) {
    await page.getByLabel("Name", { exact: true }).fill(room);
    await page.getByLabel("Seats").fill("40");
    await page.getByRole("button", { name: "Add the room" }).click();
    await expect(page.locator(".grid-room").filter({ hasText: room }).first()).toBeVisible();
  }

  const topic = page.locator(".topic-pick").first();
  const title = (await topic.locator("span").first().textContent())!.trim();
  await topic.click();
  await page.getByRole("button", { name: `${first} · Thu 10:00` }).click();
  await expect(page.getByText("No conflicts.")).toBeVisible();
  await page.getByRole("button", { name: "Put it on the agenda" }).click();
  const session = page.locator(".editor-grid .grid-session").filter({ hasText: title });
  await expect(session).toHaveText(/10:00–11:00/);

  const phone = await (await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } })).newPage();
  await phone.goto(`${event}/agenda/now`);
  await expect(phone.getByRole("status", { name: "Live updates" })).toHaveText("Live");
  const room = (name: string) => phone.locator(".room-now").filter({ has: phone.getByRole("heading", { name }) });
  await expect(room(first)).toContainText(title);

  // The topic board's "on the agenda" filter knows it now.
  await phone.goto(`${event}/topics?scheduled=yes`);
  await expect(phone.getByRole("link", { name: title })).toBeVisible();
  await phone.goto(`${event}/topics?scheduled=no`);
  await expect(phone.getByRole("link", { name: title })).toHaveCount(0);
  await phone.goto(`${event}/agenda/now`);
  await expect(phone.getByRole("status", { name: "Live updates" })).toHaveText("Live");

  const before = await feedEvent(page.request, `${event}/agenda.ics`, title);

  await session.click();
  await page.getByRole("button", { name: `${second} · Thu 09:00` }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator(".editor-grid .grid-session").filter({ hasText: title })).toHaveText(/09:00–10:00/);

  await expect(room(second)).toContainText(title, { timeout: 2_000 });
  await expect(room(first)).not.toContainText(title);

  // Calendar apps update the same event in place: same UID, a higher SEQUENCE, the new time.
  const after = await feedEvent(page.request, `${event}/agenda.ics`, title);
  expect(after.uid).toBe(before.uid);
  expect(after.sequence).toBeGreaterThan(before.sequence);
  expect(after.location).toBe(second);
  expect(after.startDate.toJSDate().getTime() - before.startDate.toJSDate().getTime()).toBe(-3_600_000);
});

/** The feed's event titled `title`, read by ical.js, an independent iCalendar parser. */
async function feedEvent(request: APIRequestContext, path: string, title: string) {
  const response = await request.get(path);
  expect(response.headers()["content-type"]).toContain("text/calendar");
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  const found = calendar
    .getAllSubcomponents("vevent")
    .map((vevent) => new ICAL.Event(vevent))
    .find((e) => e.summary === title);
  expect(found, `${title} in the feed`).toBeTruthy();
  return found!;
}
