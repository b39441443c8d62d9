import { expect, test } from "@playwright/test";
import { AccountPages, PASSWORD, uniqueEmail } from "../pages/account";

test("sign up, sign out and sign in again", async ({ page }) => {
  const account = new AccountPages(page);
  const email = uniqueEmail();
  await account.signUp(email, "Grace Hopper");
  await expect(page).toHaveURL(/\/$/);
  await account.expectSignedInAs("Grace Hopper");

  await account.signOut();
  await account.expectSignedOut();

  await account.signIn(email);
  await expect(page).toHaveURL(/\/$/);
  await account.expectSignedInAs("Grace Hopper");
});

test("bad sign-up input is explained next to the field and the form keeps it", async ({ page }) => {
  const account = new AccountPages(page);
  await account.signUp(uniqueEmail(), "Ada Lovelace", "short");
  const password = page.getByLabel("Password");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Use at least 10 characters")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Ada Lovelace");
  await account.expectSignedOut();
});

test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
  const account = new AccountPages(page);
  const email = uniqueEmail();
  await account.signUp(email);
  await account.expectSignedInAs("Ada Lovelace");
  await account.signOut();
  await account.expectSignedOut();

  await account.signIn(email, `${PASSWORD}!`);
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await account.expectSignedOut();
});
