// Registration between three browsers: an attendee asks, an organiser approves, the attendee
// confirms, and an anonymous visitor watches the counts move without a reload.
import { expect, test } from "@playwright/test";
import { AccountPages, DEMO_ORGANISER, uniqueEmail } from "../pages/account";
import { upcomingSlug } from "../pages/event";

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "registration is tested at 390 px");
});

test("a request, its approval and the confirmation reach every open page", async ({ page, browser }) => {
  const { baseURL, viewport } = test.info().project.use;
  const event = `/events/${upcomingSlug()}`;
  const viewer = await (await browser.newContext({ baseURL, viewport })).newPage();
  await viewer.goto(event);
  await expect(viewer.getByRole("status", { name: "Live updates" })).toHaveText("Live");
  const count = (kind: string) =>
    viewer.locator(".attendance-counts span").filter({ hasText: kind }).locator("strong");
  const provisional = Number(await count("provisional").textContent());
  const confirmed = Number(await count("confirmed").textContent());

  const name = `Anthony Perard ${Date.now()}`;
  const attendee = new AccountPages(page);
  await attendee.signUp(uniqueEmail(), name);
  await attendee.expectSignedInAs(name);
  await page.goto(`${event}#attend`);
  await page.getByLabel("Affiliation").fill("Citrix");
  await page.getByRole("button", { name: "Ask for an invitation" }).click();
  await expect(page.getByText("You asked for an invitation")).toBeVisible();

  const organiser = await (await browser.newContext({ baseURL, viewport })).newPage();
  const organiserAccount = new AccountPages(organiser);
  await organiserAccount.signIn(DEMO_ORGANISER);
  await organiserAccount.expectSignedInAs("Mira Okafor");
  await organiser.goto(`${event}/registrations`);
  const request = organiser.getByRole("listitem").filter({ hasText: name });
  await request.getByRole("button", { name: "Approve" }).click();
  await expect(request.locator(".badge")).toHaveText("Invited");

  await expect(count("provisional")).toHaveText(String(provisional + 1), { timeout: 2_000 });
  const confirm = page.getByRole("button", { name: "Confirm I am coming" });
  await expect(confirm).toBeVisible({ timeout: 2_000 });
  await confirm.click();
  await expect(page.getByText("You are coming")).toBeVisible();
  await expect(count("confirmed")).toHaveText(String(confirmed + 1), { timeout: 2_000 });
  await expect(count("provisional")).toHaveText(String(provisional));

  // The public list, read afresh, has them among the confirmed.
  await viewer.reload();
  const confirmedList = viewer.locator(".attendees h4:has-text('Confirmed') + ul");
  await expect(confirmedList).toContainText(`${name} (Citrix)`);
});

test("a stipend without a reason is explained next to its field and nothing is asked", async ({ page }) => {
  const attendee = new AccountPages(page);
  await attendee.signUp(uniqueEmail(), "Wei Liu");
  await attendee.expectSignedInAs("Wei Liu");
  await page.goto(`/events/${upcomingSlug()}#attend`);
  await page.getByLabel("Amount").fill("300");
  await page.getByRole("button", { name: "Ask for an invitation" }).click();
  await expect(page.locator("#field-stipend_reason-error")).toContainText("what the stipend");
  await expect(page.getByLabel("Amount")).toHaveValue("300");
  await page.reload();
  await expect(page.getByRole("button", { name: "Ask for an invitation" })).toBeVisible();
});
