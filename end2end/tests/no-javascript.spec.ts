// What a phone sees before the WASM arrives: everything readable, sort links still work.
import { expect, test } from "@playwright/test";
import { type Browser, type Page } from "@playwright/test";
import { AccountPages, DEMO_ORGANISER, uniqueEmail } from "../pages/account";
import { EventPage, upcomingSlug } from "../pages/event";

test("event page and hotel sorting work without JavaScript", async ({ page }) => {
  const event = new EventPage(page);
  await event.open("london-2014");
  await expect(event.heading).toHaveText("Xen Project Hackathon 2014");
  await expect(event.hotelNames).toHaveCount(5);

  await event.sortBy("Cheapest");
  await expect(event.hotelNames.nth(2)).toHaveText("Mercure London Paddington Hotel");
  await expect(page.locator("html")).not.toHaveAttribute("data-hydrated", "true");
});

test("signing up and out works without JavaScript", async ({ page }) => {
  const account = new AccountPages(page);
  await account.signUp(uniqueEmail(), "Katherine Johnson");
  await account.expectSignedInAs("Katherine Johnson");
  await account.signOut();
  await account.expectSignedOut();
});

test("without JavaScript signing up from a page that asked comes back to it", async ({ page }) => {
  const form = `/events/${upcomingSlug()}/topics/new`;
  await page.goto(form);
  await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Create an account" }).click();
  const account = new AccountPages(page);
  await account.fillSignUp(uniqueEmail(), "Frances Allen");
  await expect(page).toHaveURL(new RegExp(`${form}$`));
  await expect(page.getByLabel("Title")).toBeVisible();
  await account.expectSignedInAs("Frances Allen");
});

test("without JavaScript a refused sign-in still says why", async ({ page }) => {
  const account = new AccountPages(page);
  await account.signIn(uniqueEmail());
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
});

test("the profile can be edited without JavaScript", async ({ page }) => {
  const account = new AccountPages(page);
  await account.signUp(uniqueEmail(), "Dorothy Vaughan");
  await account.expectSignedInAs("Dorothy Vaughan");
  await page.goto("/account");
  await page.getByLabel("Name", { exact: true }).fill("Dorothy J. Vaughan");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status")).toContainText("Your profile is saved.");
  await account.expectSignedInAs("Dorothy J. Vaughan");

  await page.getByLabel("Name", { exact: true }).fill("");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Enter the name people know you by.")).toBeVisible();
});

test("topics are proposed and voted for without JavaScript", async ({ page }) => {
  const account = new AccountPages(page);
  await account.signUp(uniqueEmail(), "Mary Jackson");
  await account.expectSignedInAs("Mary Jackson");
  await page.goto(`/events/${upcomingSlug()}/topics/new`);
  const title = `Wind tunnel data on Xen ${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Difficulty").selectOption("beginner");
  await page.getByRole("button", { name: "Propose topic" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

  const vote = page.getByRole("button", { name: /Vote/ });
  await vote.click();
  await expect(vote).toHaveAttribute("aria-pressed", "true");
  await expect(vote.locator(".vote-count")).toHaveText("1");
  await page.goto(`/events/${upcomingSlug()}/topics?sort=new`);
  const card = page.getByRole("listitem").filter({ hasText: title });
  await expect(card.locator(".vote-count")).toHaveText("1");
});

/** A page of its own, signed in as `email` (the demo organiser's, or a new account). */
async function signedIn(browser: Browser, name: string, email = uniqueEmail()): Promise<Page> {
  const { baseURL } = test.info().project.use;
  const page = await (await browser.newContext({ baseURL, javaScriptEnabled: false })).newPage();
  const account = new AccountPages(page);
  if (email === DEMO_ORGANISER) await account.signIn(email);
  else await account.signUp(email, name);
  await account.expectSignedInAs(name);
  return page;
}

test("without JavaScript an invitation is asked for, approved, confirmed and released", async ({ page, browser }) => {
  const event = `/events/${upcomingSlug()}`;
  const name = `Grace Hopper ${Date.now()}`;
  const account = new AccountPages(page);
  await account.signUp(uniqueEmail(), name);
  await account.expectSignedInAs(name);
  await page.goto(`${event}#attend`);

  // Refused: what was typed is still there, next to the reason.
  await page.getByLabel("Affiliation").fill("US Navy");
  await page.getByLabel("Amount").fill("300");
  await page.getByLabel("Note to the organisers (optional)").fill("Arriving on the Wednesday night.");
  await page.getByRole("button", { name: "Ask for an invitation" }).click();
  await expect(page.locator("#field-stipend_reason-error")).toContainText("what the stipend");
  await expect(page.getByLabel("Affiliation")).toHaveValue("US Navy");
  await expect(page.getByLabel("Amount")).toHaveValue("300");
  await expect(page.getByLabel("Note to the organisers (optional)")).toHaveValue("Arriving on the Wednesday night.");

  await page.getByLabel("Amount").fill("");
  await page.getByRole("button", { name: "Ask for an invitation" }).click();
  await expect(page.getByText("You asked for an invitation")).toBeVisible();

  const organiser = await signedIn(browser, "Mira Okafor", DEMO_ORGANISER);
  await organiser.goto(`${event}/registrations`);
  const request = organiser.getByRole("listitem").filter({ hasText: name });
  await request.getByRole("button", { name: "Approve" }).click();
  await expect(organiser.getByRole("listitem").filter({ hasText: name }).locator(".state-badge")).toHaveText("Invited");

  await page.goto(`${event}#attend`);
  await page.getByRole("button", { name: "Confirm I am coming" }).click();
  await expect(page.getByText("You are coming")).toBeVisible();
  await page.getByRole("button", { name: "Release my place" }).click();
  await expect(page.getByRole("button", { name: "Ask for an invitation" })).toBeVisible();
});

test("without JavaScript a comment is posted, and a refused one says why", async ({ page }) => {
  const account = new AccountPages(page);
  await account.signUp(uniqueEmail(), "Annie Easley");
  await account.expectSignedInAs("Annie Easley");
  await page.goto(`/events/${upcomingSlug()}/topics`);
  await page.getByRole("link", { name: "Rust in the toolstack: where to start" }).click();
  await expect(page).toHaveURL(/\/topics\/\d+$/);

  await page.getByLabel("Your comment", { exact: true }).fill("   ");
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.locator("#field-comment-error")).toHaveText("Write something first.");

  const text = `Count me in for the bindings ${Date.now()}.`;
  await page.getByLabel("Your comment", { exact: true }).fill(text);
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.locator(".thread").filter({ hasText: text })).toContainText("Annie Easley");
});

test("without JavaScript an organiser creates an event, edits it, places a session and posts a write-up", async ({ page }) => {
  const account = new AccountPages(page);
  await account.signIn(DEMO_ORGANISER);
  await account.expectSignedInAs("Mira Okafor");
  const stamp = Date.now();
  const slug = `plain-${stamp}`;
  const today = new Date().toISOString().slice(0, 10);
  await page.goto("/events/new");
  await page.getByLabel("Title").fill(`Plain Forms Day ${stamp}`);
  await page.getByLabel("Short name").fill(slug);
  await page.getByLabel("First day").fill(today);
  await page.getByLabel("Last day").fill(today);
  await page.getByLabel("Time zone").fill("UTC");
  await page.getByLabel("Venue").fill("The library");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${slug}`));

  // The event editor: a refused save keeps the rest of what was typed.
  await page.goto(`/events/${slug}/edit`);
  await page.getByLabel("Tagline").fill("Everything works before the WASM arrives.");
  await page.getByLabel("Title").fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Tagline")).toHaveValue("Everything works before the WASM arrives.");
  await page.getByLabel("Title").fill(`Plain Forms Day ${stamp}`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.goto(`/events/${slug}`);
  await expect(page.getByText("Everything works before the WASM arrives.")).toBeVisible();

  await page.goto(`/events/${slug}/agenda/edit`);
  await page.getByLabel("Name", { exact: true }).fill("Reading room");
  await page.getByLabel("Seats").fill("20");
  await page.getByRole("button", { name: "Add the room" }).click();
  await expect(page.getByLabel("Room", { exact: true })).toContainText("Reading room");
  await page.getByLabel("Title of the plain item").fill("Welcome");
  await page.getByLabel("Starts").fill("09:00");
  await page.getByLabel("Ends").fill("09:30");
  await page.getByRole("button", { name: "Put it on the agenda" }).click();
  await page.goto(`/events/${slug}/agenda`);
  await expect(page.getByRole("main")).toContainText("Welcome");
  await expect(page.getByRole("main")).toContainText("09:00");

  await page.goto(`/events/${slug}/writeups`);
  await page.getByLabel("Title").fill("What we learnt");
  await page.getByLabel("Your write-up").fill("Plain forms are **enough**.");
  await page.getByRole("button", { name: "Post write-up" }).click();
  await expect(page).toHaveURL(/\/writeups\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("What we learnt");
  await expect(page.locator(".prose strong")).toHaveText("enough");
});
