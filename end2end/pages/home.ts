// The home page: upcoming events and the archive.
import { expect, type Locator, type Page } from "@playwright/test";

export class HomePage {
  readonly upcoming: Locator;
  readonly archive: Locator;

  constructor(readonly page: Page) {
    this.upcoming = page.getByRole("region", { name: "Upcoming", exact: true });
    this.archive = page.getByRole("region", { name: "Archive", exact: true });
  }

  async open() {
    await this.page.goto("/");
    await expect(this.page.getByRole("heading", { level: 1 })).toBeVisible();
  }
}
