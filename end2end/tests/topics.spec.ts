// The topic board at 390 px: propose, vote, and another browser sees both without a reload.
import { expect, test } from "@playwright/test";
import { AccountPages, uniqueEmail } from "../pages/account";

const board = "/events/london-2014/topics";

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "the board is tested at 390 px");
});

test("a proposal and its votes reach another browser without a reload", async ({ page, browser }) => {
  const { baseURL, viewport } = test.info().project.use;
  const viewer = await (await browser.newContext({ baseURL, viewport })).newPage();
  await viewer.goto(board);
  await expect(viewer.getByRole("status", { name: "Live updates" })).toHaveText("Live");

  const account = new AccountPages(page);
  await account.signUp(uniqueEmail(), "Tim Deegan");
  await account.expectSignedInAs("Tim Deegan");
  await page.goto(board);
  await page.getByRole("link", { name: "Propose a topic" }).click();
  const title = `Merging PVH into HVM ${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("Make **PVH** a special case of HVM.");
  await page.getByLabel("Difficulty").selectOption("moderate");
  await page.getByLabel("Skills needed").fill("Hypervisor internals");
  await page.getByRole("button", { name: "Propose topic" }).click();
  await expect(page).toHaveURL(/\/topics\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator(".prose strong")).toHaveText("PVH");

  const card = viewer.getByRole("listitem").filter({ hasText: title });
  await expect(card).toBeVisible({ timeout: 2_000 });
  await expect(card.locator(".vote-count")).toHaveText("0");

  const vote = page.getByRole("button", { name: /Vote/ });
  await vote.click();
  await expect(vote).toHaveAttribute("aria-pressed", "true");
  await expect(vote.locator(".vote-count")).toHaveText("1");
  await expect(card.locator(".vote-count")).toHaveText("1", { timeout: 2_000 });
});

test("a bad proposal is explained next to its field and keeps what was typed", async ({ page }) => {
  const account = new AccountPages(page);
  await account.signUp(uniqueEmail(), "Lars Kurth");
  await account.expectSignedInAs("Lars Kurth");
  await page.goto(`${board}/new`);
  await page.getByLabel("Title").fill("Xe");
  await page.getByLabel("Description").fill("Traffic on xen-devel has doubled.");
  await page.getByRole("button", { name: "Propose topic" }).click();
  await expect(page.locator("#field-topic-title-error")).toContainText("at least 3");
  await expect(page.getByLabel("Description")).toHaveValue("Traffic on xen-devel has doubled.");
});

test("script in a topic's description never runs", async ({ page }) => {
  const account = new AccountPages(page);
  await account.signUp(uniqueEmail(), "Mallory");
  await account.expectSignedInAs("Mallory");
  await page.goto(`${board}/new`);
  const title = `Totally harmless ${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill(
    [
      "<script>window.pwned = 'script'</script>",
      '<img src="x" onerror="window.pwned = \'onerror\'">',
      "[click me](javascript:window.pwned='link')",
      '<a href="#" onclick="window.pwned=\'onclick\'">or me</a>',
      "<iframe src=\"javascript:parent.pwned='iframe'\"></iframe>",
    ].join("\n\n"),
  );
  await page.getByRole("button", { name: "Propose topic" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  // Reload, so the server-rendered page is checked too, not only the hydrated one.
  await page.reload();
  const prose = page.locator(".prose").first();
  await prose.getByText("click me").click();
  await prose.getByText("or me").click();
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { pwned?: string }).pwned)).toBeUndefined();
  expect(await prose.locator("script, iframe, [onerror], [onclick]").count()).toBe(0);
});

test("proposing while signed out says to sign in first and links there", async ({ page }) => {
  await page.goto(`${board}/new`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in first");
  await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin$/);
});
