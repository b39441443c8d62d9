// With the keyboard alone: skip to the content, sign up, open a topic from the board, vote and
// comment. Every step is reached with Tab and done with Enter or Space, never a click.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { PASSWORD, uniqueEmail } from "../pages/account";
import { upcomingSlug } from "../pages/event";

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "keyboards are tested at a desk");
});

/** Presses Tab until `target` has the focus; fails if it never does. */
async function tabTo(page: Page, target: Locator, limit = 120) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((element) => element === document.activeElement)) {
      return;
    }
  }
  throw new Error(`Tab never reached ${target}`);
}

test("a visitor signs up, votes and comments with the keyboard alone", async ({ page }) => {
  const board = `/events/${upcomingSlug()}/topics`;
  await page.goto("/signup");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");

  // The first Tab offers the way past the header.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();

  const name = `Keyboard User ${Date.now()}`;
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(uniqueEmail());
  await tabTo(page, page.getByLabel("Name", { exact: true }));
  await page.keyboard.type(name);
  await tabTo(page, page.getByLabel("Password", { exact: true }));
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("navigation", { name: "Account" }).getByText(name)).toBeVisible();

  await page.goto(board);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const first = page.locator(".topic-card h2 a").first();
  const title = (await first.textContent())?.trim() ?? "";
  await tabTo(page, first);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");

  const vote = page.getByRole("button", { name: /Vote/ });
  const before = Number(await vote.locator(".vote-count").textContent());
  await tabTo(page, vote);
  await page.keyboard.press("Space");
  await expect(vote).toHaveAttribute("aria-pressed", "true");
  await expect(vote.locator(".vote-count")).toHaveText(String(before + 1));

  const comment = page.getByLabel("Your comment", { exact: true });
  await tabTo(page, comment);
  await page.keyboard.type("Typed and sent without a mouse.");
  await tabTo(page, page.getByRole("button", { name: "Post comment" }));
  await page.keyboard.press("Enter");
  await expect(page.locator(".comment").filter({ hasText: "Typed and sent without a mouse." })).toBeVisible();
});
