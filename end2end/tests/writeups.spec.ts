// After the event, at 390 px: the archive by year, the organisers' thank-you first, and a
// write-up whose comments reach another browser without a reload.
import { expect, test, type Page } from "@playwright/test";
import { AccountPages, DEMO_ORGANISER, uniqueEmail } from "../pages/account";
import { HomePage } from "../pages/home";

const writeups = "/events/london-2014/writeups";

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "write-ups are tested at 390 px");
});

/** The demo organiser sets the last day of write-ups; empty goes back to the default. */
async function setWindow(page: Page, day: string) {
  await page.goto(writeups);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByText("Write-up window").click();
  await page.getByLabel("Last day for write-ups and comments").fill(day);
  await page.getByRole("button", { name: "Save", exact: true }).click();
}

// The window is shared by both tests: the first sees it closed, the second opens it.
test.describe.serial("the archived 2014 hackathon", () => {
  test("the archive lists it under 2014, with its write-ups and the window closed", async ({ page }) => {
    const home = new HomePage(page);
    await home.open();
    const year = home.archive.locator(".archive-year", { hasText: "2014" });
    await expect(year).toBeVisible();
    const events = year.locator("xpath=following-sibling::ul[1]");
    await events.getByRole("link", { name: "Xen Project Hackathon 2014" }).click();

    await page.getByRole("link", { name: "write-ups and what came out of each topic" }).click();
    await expect(page).toHaveURL(/\/events\/london-2014\/writeups$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("After the event");
    const first = page.locator(".writeup-list > li").first();
    await expect(first.getByRole("heading", { level: 3 })).toHaveText("Thank you!");
    await expect(first).toContainText("From the organisers");
    await expect(page.getByText("write-ups and comments closed on 29 June 2014")).toBeVisible();
    await expect(page.getByRole("button", { name: "Post write-up" })).toHaveCount(0);
    // Its topic board is read-only.
    await page.goto("/events/london-2014/topics");
    await expect(page.getByRole("note")).toContainText("This event is over");
    await expect(page.getByRole("link", { name: "Propose a topic" })).toHaveCount(0);
  });

  test("a write-up is posted, and a comment on it reaches another browser live", async ({ page, browser }) => {
    const organiser = new AccountPages(page);
    await organiser.signIn(DEMO_ORGANISER);
    await organiser.expectSignedInAs("Mira Okafor");
    await setWindow(page, "2099-12-31");
    await expect(page.getByText("open until 31 December 2099")).toBeVisible();

    const { baseURL, viewport } = test.info().project.use;
    const author = await (await browser.newContext({ baseURL, viewport })).newPage();
    const authorAccount = new AccountPages(author);
    await authorAccount.signUp(uniqueEmail(), "Ian Campbell");
    await authorAccount.expectSignedInAs("Ian Campbell");
    await author.goto(writeups);
    await expect(author.locator("html")).toHaveAttribute("data-hydrated", "true");
    const title = `Hybrid guests ${Date.now()}`;
    await author.getByLabel("Title").fill(title);
    await author.getByLabel("Your write-up").fill("A demo of **hybrid guest** support.");
    await author.getByRole("button", { name: "Post write-up" }).click();
    await expect(author).toHaveURL(/\/writeups\/\d+$/);
    await expect(author.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(author.locator(".prose strong")).toHaveText("hybrid guest");

    const reader = await (await browser.newContext({ baseURL, viewport })).newPage();
    await reader.goto(author.url());
    await expect(reader.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(reader.getByRole("status", { name: "Live updates" })).toHaveText("Live");
    await expect(author.getByRole("status", { name: "Live updates" })).toHaveText("Live");

    await author.getByLabel("Your comment", { exact: true }).fill("Patches are on **xen-devel**.");
    await author.getByRole("button", { name: "Post comment" }).click();
    const comment = reader.locator(".thread").filter({ hasText: "Patches are on xen-devel." });
    await expect(comment.locator("strong", { hasText: "xen-devel" })).toBeVisible({ timeout: 2_000 });
    await expect(comment).toContainText("Ian Campbell");
    await expect(reader.getByRole("heading", { name: "Comments (1)" })).toBeVisible();

    // The list counts it, and the Atom feed carries the write-up.
    await reader.goto(writeups);
    const card = reader.locator(".writeup-list > li").filter({ hasText: title });
    await expect(card.getByRole("link", { name: "1 comment" })).toBeVisible();
    const feed = await reader.request.get(`${writeups}.atom`);
    expect(feed.headers()["content-type"]).toContain("application/atom+xml");
    expect(await feed.text()).toContain(`<title>${title}</title>`);

    await setWindow(page, "");
    await expect(page.getByText("write-ups and comments closed on 29 June 2014")).toBeVisible();
  });
});
