// The sign-up and sign-in forms, and the account menu in the header.
import { expect, type Locator, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery";

/** The demo organiser of the upcoming event; playwright.config.ts fixes the demo password. */
export const DEMO_ORGANISER = "organiser@demo.hackboard.example";

/** A fresh address per call, so tests never share an account. */
export function uniqueEmail(): string {
  return `ada-${Date.now()}-${Math.floor(Math.random() * 1e9)}@example.org`;
}

export class AccountPages {
  readonly menu: Locator;

  constructor(readonly page: Page) {
    this.menu = page.getByRole("navigation", { name: "Account" });
  }

  async signUp(email: string, name = "Ada Lovelace", password = PASSWORD) {
    await this.page.goto("/signup");
    await this.fillSignUp(email, name, password);
  }

  /** Fills and sends the sign-up form already on the page, wherever a link brought us to it. */
  async fillSignUp(email: string, name = "Ada Lovelace", password = PASSWORD) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Name", { exact: true }).fill(name);
    await this.page.getByLabel("Company or project").fill("Analytical Engines");
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  async signIn(email: string, password = PASSWORD) {
    await this.page.goto("/signin");
    await this.fillSignIn(email, password);
  }

  /** Fills and sends the sign-in form already on the page. */
  async fillSignIn(email: string, password = PASSWORD) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  async signOut() {
    await this.menu.getByRole("button", { name: "Sign out" }).click();
  }

  async expectSignedInAs(name: string) {
    await expect(this.menu.getByText(name)).toBeVisible();
    await expect(this.menu.getByRole("button", { name: "Sign out" })).toBeVisible();
  }

  async expectSignedOut() {
    await expect(this.menu.getByRole("link", { name: "Sign in" })).toBeVisible();
  }
}
