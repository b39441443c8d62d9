import { expect, test } from "@playwright/test";
import { EventPage } from "../pages/event";
import { HomePage } from "../pages/home";

const LISTED = [
  "StayCity Serviced Apartments",
  "Hotel Xanadu",
  "Hilton London Paddington",
  "Hotel Indigo London Paddington",
  "Mercure London Paddington Hotel",
];

test("home page links to the archived 2014 hackathon with its dates and hotels", async ({ page }) => {
  const home = new HomePage(page);
  await home.open();
  await expect(home.upcoming.getByRole("link", { name: /London Hackathon \d{4}/ })).toBeVisible();
  await home.archive.getByRole("link", { name: "Xen Project Hackathon 2014" }).click();

  await expect(page).toHaveURL(/\/events\/london-2014$/);
  const event = new EventPage(page);
  await expect(event.heading).toHaveText("Xen Project Hackathon 2014");
  await expect(event.when).toContainText("Thu 29 – Fri 30 May 2014");
  await expect(event.when).toContainText("09:00–17:00");
  await expect(event.when).toContainText("Europe/London (BST, UTC+01:00)");
  await expect(event.where).toContainText("5 Millington Road");
  await expect(event.where.getByRole("link", { name: "Open in map" })).toHaveAttribute("href", /openstreetmap/);
  await expect(event.hotelNames).toHaveText(LISTED);
  await expect(event.hotels.getByRole("listitem").first()).toContainText("£68–£90");
  await expect(page.getByText("This event is over")).toBeVisible();
});

test("sorting hotels re-orders them in place once the page is interactive", async ({ page }) => {
  const event = new EventPage(page);
  await event.open("london-2014");
  await event.waitForHydration();
  // A full page load would wipe this marker; client-side routing by the WASM keeps it.
  await page.evaluate(() => ((window as unknown as { stayedHere: boolean }).stayedHere = true));

  await event.sortBy("Cheapest");
  await expect(event.hotelNames).toHaveText([LISTED[0], LISTED[1], LISTED[4], LISTED[2], LISTED[3]]);
  await expect(page).toHaveURL(/hotels=cheapest/);
  await event.sortBy("Nearest");
  await expect(event.hotelNames).toHaveText([LISTED[0], LISTED[1], LISTED[2], LISTED[4], LISTED[3]]);

  expect(await page.evaluate(() => (window as unknown as { stayedHere?: boolean }).stayedHere)).toBe(true);
});

test("the upcoming demo event is open and shows its social evening", async ({ page }) => {
  const home = new HomePage(page);
  await home.open();
  await home.upcoming.getByRole("link", { name: /London Hackathon \d{4}/ }).click();
  const event = new EventPage(page);
  await expect(event.heading).toHaveText(/London Hackathon \d{4}/);
  await expect(page.getByText("Upcoming", { exact: true })).toBeVisible();
  await expect(event.when.getByRole("heading", { name: "Evening social" })).toBeVisible();
  await expect(page.getByText("This event is over")).toHaveCount(0);
});

test("getting-there notes fold away and open again", async ({ page }) => {
  const event = new EventPage(page);
  await event.open("london-2014");
  const notes = page.getByText("Heathrow Express");
  await expect(notes).toBeVisible();
  await page.getByText("Getting there", { exact: true }).click();
  await expect(notes).toBeHidden();
  await page.getByText("Getting there", { exact: true }).click();
  await expect(notes).toBeVisible();
});

test("an unknown event is a real 404 page", async ({ page }) => {
  const event = new EventPage(page);
  const response = await event.open("no-such-event");
  expect(response?.status()).toBe(404);
  await expect(event.heading).toHaveText("Not found");
  await page.getByRole("link", { name: "See all events" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("the page fits a phone screen without sideways scrolling", async ({ page }) => {
  const event = new EventPage(page);
  await event.open("london-2014");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
