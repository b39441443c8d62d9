// User text that tries to close the element it lands in and open a script stays text. The
// Content-Security-Policy would refuse such a script; these pages are loaded with that header
// removed, so only escaping stands between the text and a running script.
import { expect, test, type Page } from "@playwright/test";
import { AccountPages, DEMO_ORGANISER } from "../pages/account";

const PAYLOAD = `"'></title></textarea></style></noscript><script>alert(1)</script><img src=x onerror=alert(2)>`;

/** Serves every response as the server sent it, but without its Content-Security-Policy. */
async function withoutPolicy(page: Page) {
  await page.route("**/*", async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers["content-security-policy"];
    await route.fulfill({ response, headers });
  });
}

test("titles, descriptions and comments that close their element run no script", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(`${page.url()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  const account = new AccountPages(page);
  await account.signIn(DEMO_ORGANISER);
  await account.expectSignedInAs("Mira Okafor");

  // An event of this test's own, with the payload wherever an organiser or a participant types.
  const slug = `hostile-${testInfo.project.name}-${Date.now()}`;
  const today = new Date().toISOString().slice(0, 10);
  const created = await page.request.post("/api/create_event", {
    form: { slug, title: PAYLOAD.slice(0, 120), starts_on: today, ends_on: today, time_zone: "Europe/London", venue_name: PAYLOAD.slice(0, 120) },
  });
  expect(created.status(), await created.text()).toBeLessThan(400);
  const proposed = await page.request.post("/api/propose_topic", {
    form: {
      slug,
      "topic[title]": PAYLOAD.slice(0, 120),
      "topic[difficulty]": "n/a",
      "topic[gsoc]": "n/a",
      "topic[description_md]": PAYLOAD,
    },
    maxRedirects: 0,
  });
  expect(proposed.status(), await proposed.text()).toBeLessThan(400);
  const topic = (proposed.headers()["location"] ?? "").match(/\/topics\/(\d+)$/)?.[1];
  expect(topic, "the proposal answers with its page").toBeTruthy();
  const commented = await page.request.post("/api/add_comment", {
    form: { slug, on: `topic:${topic}`, body: PAYLOAD },
  });
  expect(commented.status(), await commented.text()).toBe(200);

  await withoutPolicy(page);
  const event = `/events/${slug}`;
  for (const path of [
    event,
    `${event}/edit`,
    `${event}/topics`,
    `${event}/topics/${topic}`,
    `${event}/agenda`,
    `${event}/agenda/edit`,
    `${event}/agenda/now`,
    `${event}/agenda/screen`,
    `${event}/registrations`,
    "/",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), `${path} answers`).toBe(200);
    // eval is what the policy forbids first: it runs only once the header is gone.
    const evaluated = await page.evaluate(() => {
      try {
        return eval("1 + 1");
      } catch (error) {
        return String(error);
      }
    });
    expect(evaluated, `${path}: the policy is removed`).toBe(2);
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    expect(await page.locator("script:not([src]):not([nonce])").count(), `${path}: scripts without the nonce`).toBe(0);
    expect(dialogs, `${path} ran a script from user text`).toEqual([]);
  }
  // The text is shown as typed: in the tab's title and on the topic page.
  await page.goto(`${event}/topics/${topic}`);
  await expect(page).toHaveTitle(`${PAYLOAD.slice(0, 120)} · Hackboard`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(PAYLOAD.slice(0, 120));
  expect(dialogs).toEqual([]);
  await page.unrouteAll({ behavior: "ignoreErrors" });
});
