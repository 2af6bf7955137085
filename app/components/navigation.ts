/** The service navigation for each role; one place to add a page to the menu. */
export function navigationFor(role: string | undefined): { href: string; text: string }[] {
  if (role === "respondent") return [{ href: "/surveys", text: "Your surveys" }];
  if (role === "staff") return [{ href: "/waves", text: "Waves" }];
  if (role === "admin") return [{ href: "/waves", text: "Waves" }];
  return [];
}
