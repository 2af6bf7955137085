/** The service navigation for each role; one place to add a page to the menu. */
export function navigationFor(role: string | undefined): { href: string; text: string }[] {
  if (role === "respondent")
    return [
      { href: "/surveys", text: "Your surveys" },
      { href: "/team", text: "Your council's team" },
    ];
  if (role === "staff")
    return [
      { href: "/waves", text: "Waves" },
      { href: "/invitations", text: "Invitations" },
      { href: "/account/security", text: "Account security" },
    ];
  if (role === "admin")
    return [
      { href: "/waves", text: "Waves" },
      { href: "/admin/waves", text: "Manage waves" },
      { href: "/admin/import", text: "Import responses" },
      { href: "/admin/councils/import", text: "Import councils" },
      { href: "/invitations", text: "Invitations" },
      { href: "/admin/users", text: "Users" },
      { href: "/admin/emails", text: "Emails" },
      { href: "/admin/audit", text: "Audit log" },
      { href: "/account/security", text: "Account security" },
    ];
  return [];
}
