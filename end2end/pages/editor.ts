// The event editor at /events/{slug}/edit.
import { expect, type Locator, type Page } from "@playwright/test";

export class EditorPage {
  readonly hotels: Locator;
  readonly save: Locator;

  constructor(readonly page: Page) {
    this.hotels = page.getByRole("group", { name: "Hotels" });
    this.save = page.getByRole("button", { name: "Save changes" });
  }

  /** The fieldset of the hotel at `position` (1-based), as its legend names it. */
  hotel(position: number): Locator {
    return this.hotels.getByRole("group", { name: new RegExp(`^Hotel ${position}:`) });
  }

  async expectSaved() {
    await expect(this.page.getByRole("status")).toContainText("Saved");
  }
}
