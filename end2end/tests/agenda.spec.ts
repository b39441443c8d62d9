// The live agenda: an organiser at a desk places and moves a topic; a phone on "Now / Next"
// follows without a reload.
import { expect, test } from "@playwright/test";
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

  await session.click();
  await page.getByRole("button", { name: `${second} · Thu 09:00` }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator(".editor-grid .grid-session").filter({ hasText: title })).toHaveText(/09:00–10:00/);

  await expect(room(second)).toContainText(title, { timeout: 2_000 });
  await expect(room(first)).not.toContainText(title);
});
