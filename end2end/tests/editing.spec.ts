import { expect, test } from "@playwright/test";
import { AccountPages, DEMO_ORGANISER, uniqueEmail } from "../pages/account";
import { EditorPage } from "../pages/editor";
import { EventPage, upcomingSlug } from "../pages/event";
import { HomePage } from "../pages/home";

/** The demo's upcoming event, which the demo organiser organises. */
async function openUpcomingEvent(home: HomePage) {
  await home.open();
  // By its address: other tests add upcoming events of their own, which may list first.
  await home.upcoming.locator(`a[href="/events/${upcomingSlug()}"]`).first().click();
  await expect(home.page).toHaveURL(/\/events\/london-\d{4}$/);
}

test("an organiser edits a hotel and the public page shows it", async ({ page }, testInfo) => {
  // One project edits the shared demo event, so runs never race each other's saves.
  test.skip(testInfo.project.name !== "phone", "edits the shared demo event once, at 390 px");
  const account = new AccountPages(page);
  await account.signIn(DEMO_ORGANISER);
  await account.expectSignedInAs("Mira Okafor");
  await openUpcomingEvent(new HomePage(page));
  const eventUrl = page.url();
  await page.getByRole("link", { name: "Edit event page" }).click();

  const editor = new EditorPage(page);
  const lodge = `Hayes Lodge ${Date.now()}`;
  await editor.hotel(1).getByLabel("Name").fill(lodge);
  await editor.hotel(1).getByLabel("Rate from").fill("55");
  await editor.hotel(1).getByLabel("Rate to").fill("80");
  await editor.hotel(1).getByLabel("Currency").fill("GBP");
  await editor.save.click();
  await editor.expectSaved();
  await expect(editor.hotel(1).getByLabel("Name")).toHaveValue(lodge);

  // Moving it down shows at once in the editor and on the public page.
  await editor.hotel(1).getByRole("button", { name: "Move down" }).click();
  await expect(editor.hotel(2).getByLabel("Name")).toHaveValue(lodge);

  await page.goto(eventUrl);
  const event = new EventPage(page);
  await expect(event.hotelNames.nth(1)).toHaveText(lodge);
  const card = event.hotels.getByRole("listitem").filter({ hasText: lodge });
  await expect(card.getByText("£55–£80")).toBeVisible();
});

test("a bad value is explained next to its field and the rest of the form is kept", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "uses the shared demo event, at 390 px");
  const account = new AccountPages(page);
  await account.signIn(DEMO_ORGANISER);
  await account.expectSignedInAs("Mira Okafor");
  await openUpcomingEvent(new HomePage(page));
  await page.getByRole("link", { name: "Edit event page" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");

  const editor = new EditorPage(page);
  await page.getByLabel("Tagline").fill("A tagline that must not be lost");
  const minutes = editor.hotel(2).getByLabel("Minutes to the venue");
  await minutes.fill("soon");
  await editor.save.click();
  await expect(minutes).toHaveAttribute("aria-invalid", "true");
  await expect(editor.hotel(2).getByText("whole number")).toBeVisible();
  await expect(page.getByLabel("Tagline")).toHaveValue("A tagline that must not be lost");
});

test("a participant sees no edit controls and a forged save is refused", async ({ page }) => {
  const account = new AccountPages(page);
  await account.signUp(uniqueEmail(), "Pat Participant");
  await account.expectSignedInAs("Pat Participant");
  const event = new EventPage(page);
  await event.open("london-2014");
  await expect(event.heading).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit event page" })).toHaveCount(0);

  await page.goto("/events/london-2014/edit");
  await expect(page.getByText("You are not allowed to do this.")).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveCount(0);

  // With the participant's own session cookie, straight at the API.
  const forged = await page.request.post("/api/update_event", {
    form: { slug: "london-2014", revision: "1", "event[title]": "Hacked" },
  });
  expect(forged.status()).toBe(403);
  await event.open("london-2014");
  await expect(event.heading).not.toHaveText("Hacked");
});

test("a participant edits their profile", async ({ page }) => {
  const account = new AccountPages(page);
  await account.signUp(uniqueEmail(), "Grace Hopper");
  await account.expectSignedInAs("Grace Hopper");
  await account.menu.getByRole("link", { name: "Grace Hopper" }).click();
  await expect(page).toHaveURL(/\/account$/);

  await page.getByLabel("Name", { exact: true }).fill("Grace B. Hopper");
  await page.getByLabel("Company or project").fill("US Navy");
  await page.getByLabel("Show me in public attendee lists").uncheck();
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status")).toContainText("Your profile is saved.");
  await account.expectSignedInAs("Grace B. Hopper");

  await page.reload();
  await expect(page.getByLabel("Company or project")).toHaveValue("US Navy");
  await expect(page.getByLabel("Show me in public attendee lists")).not.toBeChecked();
});
