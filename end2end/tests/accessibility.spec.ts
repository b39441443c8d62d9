// Every page, as a visitor and as an organiser, checked by axe-core against WCAG 2.1 A and AA
// once it is interactive: any violation fails, with what and where. The desktop project checks
// the light colour scheme, the phone project the dark one.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { AccountPages, DEMO_ORGANISER } from "../pages/account";
import { upcomingSlug } from "../pages/event";

const upcoming = () => `/events/${upcomingSlug()}`;
const archived = "/events/london-2014";

/** A page, or a page with the status it answers when that is not 200 (it still must pass axe). */
type Visit = string | [string, number];

const VISITOR_PAGES: Visit[] = [
  "/",
  "/signin",
  "/signup",
  "/password/forgot",
  "/password/reset?token=mistyped",
  upcoming(),
  `${upcoming()}/topics`,
  [`${upcoming()}/topics/new`, 401],
  `${upcoming()}/agenda`,
  `${upcoming()}/agenda/now`,
  `${upcoming()}/agenda/screen`,
  `${upcoming()}/release?token=mistyped`,
  archived,
  `${archived}/topics`,
  `${archived}/writeups`,
  ["/events/no-such-event", 404],
];

const ORGANISER_PAGES: Visit[] = [
  "/account",
  "/events/new",
  "/admin/outbox",
  upcoming(),
  `${upcoming()}/edit`,
  `${upcoming()}/topics`,
  `${upcoming()}/agenda/edit`,
  `${upcoming()}/registrations`,
  // The organiser has no registration of their own to write a letter for.
  [`${upcoming()}/visa-letter`, 409],
  `${archived}/writeups`,
];

async function expectNoViolations(page: Page, visit: Visit) {
  const [path, status] = typeof visit === "string" ? [visit, 200] : visit;
  const response = await page.goto(path);
  expect(response, `${path} answers`).not.toBeNull();
  expect(response!.status(), `${path} answers`).toBe(status);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const found = results.violations.map(
    (v) => `${path}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  expect.soft(found, found.join("\n")).toEqual([]);
  expect(results.passes.length, `axe ran its rules on ${path}`).toBeGreaterThan(10);
}

/** The first link on `path` whose address matches `pattern`. */
async function firstLink(page: Page, path: string, pattern: RegExp): Promise<string> {
  await page.goto(path);
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a link like ${pattern} on ${path}`).toBeTruthy();
  return href!;
}

test.beforeEach(async ({ page }, testInfo) => {
  await page.emulateMedia({ colorScheme: testInfo.project.name === "phone" ? "dark" : "light" });
});

test("every page a visitor sees passes axe", async ({ page }) => {
  test.setTimeout(90_000);
  const topic = await firstLink(page, `${upcoming()}/topics`, /\/topics\/\d+$/);
  const writeup = await firstLink(page, `${archived}/writeups`, /\/writeups\/\d+$/);
  for (const path of [...VISITOR_PAGES, topic, writeup]) {
    await expectNoViolations(page, path);
  }
});

test("every page an organiser sees passes axe", async ({ page }) => {
  test.setTimeout(90_000);
  const account = new AccountPages(page);
  await account.signIn(DEMO_ORGANISER);
  await account.expectSignedInAs("Mira Okafor");
  const topic = await firstLink(page, `${upcoming()}/topics`, /\/topics\/\d+$/);
  for (const path of [...ORGANISER_PAGES, topic]) {
    await expectNoViolations(page, path);
  }
});
