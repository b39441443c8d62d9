// Registration between three browsers: an attendee asks, an organiser approves, the attendee
// confirms, and an anonymous visitor watches the counts move without a reload.
import { expect, test, type Browser } from "@playwright/test";
import { AccountPages, DEMO_ORGANISER, uniqueEmail } from "../pages/account";
import { upcomingDay, upcomingSlug } from "../pages/event";

// One after another: every test here decides requests in the same queue, and a decision from a
// test in the other worker redraws the queue under this one's finger.
test.describe.configure({ mode: "default" });

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
  await expect(request.locator(".state-badge")).toHaveText("Invited");

  // Other tests share the event, so the count may move by more than this one approval.
  await expect.poll(async () => Number(await count("provisional").textContent()), { timeout: 2_000 })
    .toBeGreaterThan(provisional);
  const confirm = page.getByRole("button", { name: "Confirm I am coming" });
  await expect(confirm).toBeVisible({ timeout: 2_000 });
  await confirm.click();
  await expect(page.getByText("You are coming")).toBeVisible();
  await expect.poll(async () => Number(await count("confirmed").textContent()), { timeout: 2_000 })
    .toBeGreaterThan(confirmed);

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

test("an organiser approves ticked requests together, records a fee, and a second queue follows", async ({ page, browser }) => {
  const { baseURL, viewport } = test.info().project.use;
  const event = `/events/${upcomingSlug()}`;
  const stamp = Date.now();
  const names = [`Julien Grall ${stamp}`, `Lars Kurth ${stamp}`];
  for (const name of names) {
    await askForInvitation(browser, event, name);
  }

  const organiser = new AccountPages(page);
  await organiser.signIn(DEMO_ORGANISER);
  await organiser.expectSignedInAs("Mira Okafor");
  const watcher = await (await browser.newContext({ baseURL, viewport })).newPage();
  const watcherAccount = new AccountPages(watcher);
  await watcherAccount.signIn(DEMO_ORGANISER);
  await watcherAccount.expectSignedInAs("Mira Okafor");
  await watcher.goto(`${event}/registrations`);
  await expect(watcher.getByRole("status", { name: "Live updates" })).toHaveText("Live");

  await page.goto(`${event}/registrations`);
  await page.getByRole("link", { name: /^Unanswered/ }).click();
  await expect(page).toHaveURL(/show=unanswered/);
  // The "Approved" notice is the hydrated page's; without JavaScript the list itself says it.
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const entry = (name: string) => page.getByRole("listitem").filter({ hasText: name });
  for (const name of names) {
    await entry(name).getByRole("checkbox").check();
  }
  await page.getByRole("button", { name: "Approve the ticked requests" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approved" })).toHaveText("Approved: 2 invited.");

  // The other organiser's queue shows the decision without a reload.
  const watched = watcher.getByRole("listitem").filter({ hasText: names[0] });
  await expect(watched.locator(".state-badge")).toHaveText("Invited", { timeout: 2_000 });

  await page.getByRole("link", { name: /^Fee due/ }).click();
  await entry(names[0]).getByRole("button", { name: "Fee paid" }).click();
  await page.getByRole("link", { name: /^All/ }).click();
  await expect(entry(names[0]).locator(".request-head")).toContainText("Fee paid");
  await entry(names[0]).getByText(/^History/).click();
  await expect(entry(names[0]).locator(".history")).toContainText("Fee paid · Mira Okafor");

  const csv = await page.request.get(`${event}/registrations.csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const row = (await csv.text()).split("\r\n").find((line) => line.includes(names[0]));
  expect(row).toContain('"invited"');
  expect(row).toContain('"paid"');
  const stranger = await browser.newContext({ baseURL });
  const anonymous = await stranger.request.get(`${event}/registrations.csv`);
  expect(anonymous.status()).toBe(401);
});

test("a visa letter: the attendee gives the details, an organiser approves, the attendee prints it", async ({ page, browser }) => {
  const { baseURL, viewport } = test.info().project.use;
  const event = `/events/${upcomingSlug()}`;
  const name = `Adaeze Okonkwo ${Date.now()}`;
  const attendee = new AccountPages(page);
  await attendee.signUp(uniqueEmail(), name);
  await attendee.expectSignedInAs(name);
  await page.goto(`${event}#attend`);
  await page.getByLabel("I need a visa invitation letter").check();
  await page.getByRole("button", { name: "Ask for an invitation" }).click();
  await page.getByRole("link", { name: "Visa invitation letter" }).click();

  await page.getByLabel("Full name, as in the passport").fill("Adaeze Okonkwo");
  await page.getByLabel("Nationality").fill("Nigerian");
  await page.getByLabel("Passport number").fill("A0 1234 567");
  await page.getByLabel("Date of birth").fill("1990-05-29");
  await page.getByLabel("Arrival").fill(upcomingDay(30));
  await page.getByLabel("Departure").fill(upcomingDay(2));
  await page.getByRole("button", { name: "Send the details" }).click();
  await expect(page.locator("#field-arrives_on-error")).toContainText("Arrive between");
  await page.getByLabel("Arrival").fill(upcomingDay(-1));
  await page.getByRole("button", { name: "Send the details" }).click();
  await expect(page.getByRole("status").filter({ hasText: "the organisers have your details" })).toBeVisible();

  const organiser = await (await browser.newContext({ baseURL, viewport })).newPage();
  const organiserAccount = new AccountPages(organiser);
  await organiserAccount.signIn(DEMO_ORGANISER);
  await organiserAccount.expectSignedInAs("Mira Okafor");
  await organiser.goto(`${event}/registrations`);
  const request = organiser.getByRole("listitem").filter({ hasText: name });
  await expect(request.locator(".visa-details")).toContainText("passport A01234567");
  await request.getByRole("button", { name: "Approve the letter" }).click();
  await expect(request.locator(".visa-details")).toContainText("approved by Mira Okafor");

  await page.reload();
  const letter = page.getByRole("article", { name: "The letter" });
  await expect(letter).toContainText("holder of passport number A01234567");
  await expect(letter).toContainText("Mira Okafor");
  await expect(page.getByRole("button", { name: "Print the letter" })).toBeVisible();
});

test("a mistyped release link says so next to the button", async ({ page }) => {
  await page.goto(`/events/${upcomingSlug()}/release?token=mistyped`);
  await page.getByRole("button", { name: "Release my place" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "does not release any place" })).toBeVisible();
});

test("a request ticked before the page is interactive stays ticked, and is approved", async ({ page, browser }) => {
  const event = `/events/${upcomingSlug()}`;
  const name = `Stefano Stabellini ${Date.now()}`;
  await askForInvitation(browser, event, name);

  const organiser = new AccountPages(page);
  await organiser.signIn(DEMO_ORGANISER);
  await organiser.expectSignedInAs("Mira Okafor");
  // Hold the WASM back, as conference wifi does, and tick meanwhile.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/*.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${event}/registrations?show=unanswered`);
  const tick = page.getByRole("listitem").filter({ hasText: name }).getByRole("checkbox");
  await tick.check();
  release();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(tick).toBeChecked();
  await page.getByRole("button", { name: "Approve the ticked requests" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approved" })).toHaveText("Approved: 1 invited.");
});

/** A new account, in a context of its own, asks for an invitation to `event`. */
async function askForInvitation(browser: Browser, event: string, name: string) {
  const { baseURL, viewport } = test.info().project.use;
  const context = await browser.newContext({ baseURL, viewport });
  const attendee = new AccountPages(await context.newPage());
  await attendee.signUp(uniqueEmail(), name);
  await attendee.expectSignedInAs(name);
  await attendee.page.goto(`${event}#attend`);
  await attendee.page.getByRole("button", { name: "Ask for an invitation" }).click();
  await expect(attendee.page.getByText("You asked for an invitation")).toBeVisible();
  await context.close();
}
