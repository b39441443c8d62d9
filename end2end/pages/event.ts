// An event page: logistics, hotels and their sort links.
import { expect, type Locator, type Page } from "@playwright/test";

/**
 * The demo's upcoming event: the first Thursday at least three weeks from today
 * (`demo::upcoming`), so its year can be next year's.
 */
export function upcomingSlug(): string {
  return `london-${upcomingStart().getUTCFullYear()}`;
}

/** The upcoming event's first day, `offset` days later, as `YYYY-MM-DD`. */
export function upcomingDay(offset = 0): string {
  const day = upcomingStart();
  day.setUTCDate(day.getUTCDate() + offset);
  return day.toISOString().slice(0, 10);
}

function upcomingStart(): Date {
  const day = new Date(Date.now() + 21 * 24 * 3600 * 1000);
  while (day.getUTCDay() !== 4) day.setUTCDate(day.getUTCDate() + 1);
  return day;
}

export class EventPage {
  readonly heading: Locator;
  readonly when: Locator;
  readonly where: Locator;
  readonly hotels: Locator;
  readonly hotelNames: Locator;
  readonly sortLinks: Locator;
  readonly tagline: Locator;
  /** "Connecting…", "Live" or "Reconnecting…" once the page follows the live stream. */
  readonly liveState: Locator;
  readonly viewers: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.when = page.getByRole("region", { name: "When", exact: true });
    this.where = page.getByRole("region", { name: "Where", exact: true });
    this.hotels = page.getByRole("region", { name: "Where to stay" });
    this.hotelNames = this.hotels.getByRole("listitem").getByRole("heading", { level: 3 });
    this.sortLinks = page.getByRole("navigation", { name: "Sort hotels" });
    this.tagline = page.locator(".event-header .lede");
    this.liveState = page.getByRole("status", { name: "Live updates" });
    this.viewers = page.getByText(/\d+ watching now/);
  }

  async open(slug: string) {
    return this.page.goto(`/events/${slug}`);
  }

  /** Resolves once the WASM has hydrated the page (an Effect sets the attribute). */
  async waitForHydration() {
    await expect(this.page.locator("html")).toHaveAttribute("data-hydrated", "true");
  }

  async sortBy(label: "Suggested" | "Nearest" | "Cheapest") {
    await this.sortLinks.getByRole("link", { name: label }).click();
    await expect(this.sortLinks.getByRole("link", { name: label })).toHaveAttribute("aria-current", "true");
  }
}

/**
 * Makes an event of its own for a test, as an admin already signed in on `page`: its days
 * (`YYYY-MM-DD`), in UTC so a test's clock needs no time zone. Returns its address.
 */
export async function createEvent(page: Page, name: string, first: string, last: string): Promise<string> {
  const slug = `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await page.goto("/events/new");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Title").fill(`Test event ${slug}`);
  await page.getByLabel("Short name").fill(slug);
  await page.getByLabel("First day").fill(first);
  await page.getByLabel("Last day").fill(last);
  await page.getByLabel("Time zone").fill("UTC");
  await page.getByLabel("Venue").fill("The hall");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${slug}`));
  return `/events/${slug}`;
}

/** Proposes a topic on the event at `event` as whoever is signed in on `page`; its address. */
export async function proposeTopic(page: Page, event: string, title: string): Promise<string> {
  await page.goto(`${event}/topics/new`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Propose topic" }).click();
  await expect(page).toHaveURL(/\/topics\/\d+$/);
  return new URL(page.url()).pathname;
}
