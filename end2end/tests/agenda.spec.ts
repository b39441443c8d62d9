// The live agenda: an organiser at a desk places and moves a topic; a phone on "Now / Next"
// follows without a reload, a participant who starred it is told, and the calendar and
// conference-app exports follow.
import { expect, test, type APIRequestContext } from "@playwright/test";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import ICAL from "ical.js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AccountPages, DEMO_ORGANISER, uniqueEmail } from "../pages/account";
import { upcomingSlug } from "../pages/event";

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "the organiser edits at a desk; the phone is a context of its own");
});

test("an organiser moves a topic to another room and time, and a phone on Now / Next shows it", async ({ page, browser }) => {
  const { baseURL } = test.info().project.use;
  const event = `/events/${upcomingSlug()}`;
  const stamp = Date.now();
  const [first, second] = [`Hayes ${stamp}`, `Garden ${stamp}`];

  const organiser = new AccountPages(page);
  await organiser.signIn(DEMO_ORGANISER);
  await organiser.expectSignedInAs("Mira Okafor");
  await page.goto(`${event}/agenda/edit`);
  for (const room of [first, second]) {
    await page.getByLabel("Name", { exact: true }).fill(room);
    await page.getByLabel("Seats").fill("40");
    await page.getByRole("button", { name: "Add the room" }).click();
    await expect(page.locator(".grid-room").filter({ hasText: room }).first()).toBeVisible();
  }

  const topic = page.locator(".topic-pick").first();
  const title = (await topic.locator("span").first().textContent())!.trim();
  await topic.click();
  await page.getByRole("button", { name: `${first} · Thu 10:00` }).click();
  await expect(page.getByText("No conflicts.")).toBeVisible();
  await page.getByRole("button", { name: "Put it on the agenda" }).click();
  const session = page.locator(".editor-grid .grid-session").filter({ hasText: title });
  await expect(session).toHaveText(/10:00–11:00/);

  const phone = await (await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } })).newPage();
  await phone.goto(`${event}/agenda/now`);
  await expect(phone.getByRole("status", { name: "Live updates" })).toHaveText("Live");
  const room = (name: string) => phone.locator(".room-now").filter({ has: phone.getByRole("heading", { name }) });
  await expect(room(first)).toContainText(title);

  // The topic board's "on the agenda" filter knows it now.
  await phone.goto(`${event}/topics?scheduled=yes`);
  await expect(phone.getByRole("link", { name: title })).toBeVisible();
  await phone.goto(`${event}/topics?scheduled=no`);
  await expect(phone.getByRole("link", { name: title })).toHaveCount(0);
  await phone.goto(`${event}/agenda/now`);
  await expect(phone.getByRole("status", { name: "Live updates" })).toHaveText("Live");

  // A participant on a phone stars the session and keeps the agenda open.
  const fan = new AccountPages(await (await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } })).newPage());
  await fan.signUp(uniqueEmail(), `Aiko ${stamp}`);
  await fan.expectSignedInAs(`Aiko ${stamp}`);
  await fan.page.goto(`${event}/agenda`);
  await expect(fan.page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(fan.page.getByRole("status", { name: "Live updates" })).toHaveText("Live");
  const star = fan.page.getByRole("button", { name: `Star ${title}` });
  await star.click();
  await expect(star).toHaveAttribute("aria-pressed", "true");
  await expect(fan.page.getByRole("link", { name: "My agenda (1)" })).toBeVisible();

  const before = await feedEvent(page.request, `${event}/agenda.ics`, title);
  const talkBefore = await scheduleTalk(page.request, event, title);

  await session.click();
  await page.getByRole("button", { name: `${second} · Thu 09:00` }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator(".editor-grid .grid-session").filter({ hasText: title })).toHaveText(/09:00–10:00/);

  await expect(room(second)).toContainText(title, { timeout: 2_000 });
  await expect(room(first)).not.toContainText(title);

  // The participant is told on the page, without a reload, and "My agenda" has it in its new place.
  await expect(fan.page.getByRole("status").filter({ hasText: "Moved:" })).toContainText(
    `${title} is now Thu 09:00–10:00 in ${second}`,
    { timeout: 2_000 },
  );
  await fan.page.getByRole("link", { name: "My agenda (1)" }).click();
  await expect(fan.page.getByRole("heading", { name: "My agenda" })).toBeVisible();
  await expect(fan.page.locator(".agenda-list .agenda-item")).toHaveCount(1);
  await expect(fan.page.locator(".agenda-list .agenda-item")).toContainText(second);

  // Bad wifi: after one visit, the agenda still shows offline, and says how old it is.
  await phone.goto(`${event}/agenda`);
  await phone.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await phone.reload(); // through the service worker now, which keeps a copy
  await expect(phone.locator(".as-of")).toHaveText(/^As of \d\d:\d\d\.$/);
  await phone.context().setOffline(true);
  await phone.reload();
  await expect(phone.locator(".agenda-list").getByText(title)).toBeVisible();
  await expect(phone.locator(".as-of")).toHaveText(/^As of \d\d:\d\d\.$/);
  await phone.context().setOffline(false);

  // Calendar apps update the same event in place: same UID, a higher SEQUENCE, the new time.
  const after = await feedEvent(page.request, `${event}/agenda.ics`, title);
  expect(after.uid).toBe(before.uid);
  expect(after.sequence).toBeGreaterThan(before.sequence);
  expect(after.location).toBe(second);
  expect(after.startDate.toJSDate().getTime() - before.startDate.toJSDate().getTime()).toBe(-3_600_000);

  // Conference apps see a new version of the schedule, the same talk (GUID) in its new place.
  const talkAfter = await scheduleTalk(page.request, event, title);
  expect(Number(talkAfter.version)).toBeGreaterThan(Number(talkBefore.version));
  expect(talkAfter.talk.guid).toBe(talkBefore.talk.guid);
  expect(talkAfter.talk.room).toBe(second);
  expect(talkAfter.talk.start).toBe("09:00");
  expect(talkAfter.xml).toContain(`guid="${talkBefore.talk.guid}"`);
});

/** The feed's event titled `title`, read by ical.js, an independent iCalendar parser. */
async function feedEvent(request: APIRequestContext, path: string, title: string) {
  const response = await request.get(path);
  expect(response.headers()["content-type"]).toContain("text/calendar");
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  const found = calendar
    .getAllSubcomponents("vevent")
    .map((vevent) => new ICAL.Event(vevent))
    .find((e) => e.summary === title);
  expect(found, `${title} in the feed`).toBeTruthy();
  return found!;
}

const schemaDir = join(__dirname, "..", "schema");

/**
 * `schedule.json` and `schedule.xml`, each checked against the published schema (ajv for the
 * JSON Schema, xmllint for the XSD), and the JSON's talk titled `title`.
 */
async function scheduleTalk(request: APIRequestContext, event: string, title: string) {
  const json = await (await request.get(`${event}/schedule.json`)).json();
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { color: true } });
  addFormats(ajv);
  ajv.addMetaSchema(JSON.parse(readFileSync(require.resolve("ajv/dist/refs/json-schema-draft-06.json"), "utf8")));
  const valid = ajv.validate(JSON.parse(readFileSync(join(schemaDir, "schema.json"), "utf8")), json);
  expect(ajv.errors ?? [], "schedule.json against schema.json").toEqual([]);
  expect(valid).toBe(true);

  const xmlResponse = await request.get(`${event}/schedule.xml`);
  expect(xmlResponse.headers()["content-type"]).toContain("xml");
  const xml = await xmlResponse.text();
  const file = join(mkdtempSync(join(tmpdir(), "schedule-")), "schedule.xml");
  writeFileSync(file, xml);
  try {
    execFileSync("xmllint", ["--noout", "--schema", join(schemaDir, "schedule.xml.xsd"), file], { stdio: "pipe" });
  } catch (error) {
    throw new Error(`schedule.xml against schedule.xml.xsd: ${(error as { stderr: Buffer }).stderr}`);
  }

  const talks = json.schedule.conference.days.flatMap((day: { rooms: Record<string, unknown[]> }) =>
    Object.values(day.rooms).flat(),
  ) as { guid: string; room: string; start: string; title: string }[];
  const talk = talks.find((t) => t.title === title);
  expect(talk, `${title} in schedule.json`).toBeTruthy();
  return { version: json.schedule.version as string, talk: talk!, xml };
}
