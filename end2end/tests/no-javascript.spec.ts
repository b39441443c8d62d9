// What a phone sees before the WASM arrives: everything readable, sort links still work.
import { expect, test } from "@playwright/test";
import { AccountPages, uniqueEmail } from "../pages/account";
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
