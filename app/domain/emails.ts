// The words of every email LocalTrust sends (decision 047): a plain-text part always, and a short
// HTML part in the GOV.UK Notify style — one column, plain text styles, no images, no tracking.
// Pure: the caller gives the links (built from PUBLIC_URL) and the association's name.

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface EmailParts {
  association: string;
  subject: string;
  heading: string;
  paragraphs: string[];
  link?: { href: string; text: string };
  after?: string[];
  /** Why this person gets this email. */
  why: string;
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export function composeEmail(parts: EmailParts): EmailContent {
  const textLines = [parts.heading, "", ...parts.paragraphs.flatMap((p) => [p, ""])];
  if (parts.link) textLines.push(`${parts.link.text}:`, parts.link.href, "");
  for (const p of parts.after ?? []) textLines.push(p, "");
  textLines.push("---", parts.why, parts.association);
  const p = (s: string) => `<p style="margin:0 0 20px 0;font-size:19px;line-height:25px;color:#0b0c0c">${escapeHtml(s)}</p>`;
  const html = [
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(parts.subject)}</title></head>`,
    `<body style="margin:0;padding:0;font-family:Helvetica,Arial,sans-serif;background:#ffffff">`,
    `<div style="max-width:580px;margin:0 auto;padding:0 10px">`,
    `<div style="background:#0b0c0c;color:#ffffff;padding:10px;font-size:24px;font-weight:bold">LocalTrust</div>`,
    `<h1 style="font-size:27px;line-height:32px;margin:20px 0">${escapeHtml(parts.heading)}</h1>`,
    ...parts.paragraphs.map(p),
    parts.link
      ? `<p style="margin:0 0 20px 0;font-size:19px;line-height:25px"><a href="${escapeHtml(parts.link.href)}" style="color:#1d70b8">${escapeHtml(parts.link.text)}</a></p>`
      : "",
    ...(parts.after ?? []).map(p),
    `<hr style="border:0;border-top:1px solid #b1b4b6;margin:30px 0 15px 0">`,
    `<p style="margin:0 0 20px 0;font-size:16px;line-height:22px;color:#505a5f">${escapeHtml(parts.why)}<br>${escapeHtml(parts.association)}</p>`,
    `</div></body></html>`,
  ].join("\n");
  return { subject: parts.subject, text: textLines.join("\n"), html };
}

export function invitationEmail(input: { association: string; link: string; days: number; role: string; councilName: string | null }): EmailContent {
  const as =
    input.role === "respondent"
      ? `to answer the survey for ${input.councilName ?? "your council"}`
      : input.role === "admin"
        ? "as one of its admins"
        : "as one of its staff";
  return composeEmail({
    association: input.association,
    subject: "You are invited to LocalTrust",
    heading: "You are invited to LocalTrust",
    paragraphs: [`${input.association} invited you to LocalTrust, its survey of council IT, ${as}.`, `The link works once and expires in ${input.days} days.`],
    link: { href: input.link, text: "Set up your account" },
    why: "You get this email because someone invited this address to LocalTrust. If you were not expecting it, ignore it: nothing happens unless the link is used.",
  });
}

export function passwordResetEmail(input: { association: string; link: string; minutes: number; byAssociation: boolean }): EmailContent {
  return composeEmail({
    association: input.association,
    subject: "Reset your LocalTrust password",
    heading: "Reset your password",
    paragraphs: [
      input.byAssociation
        ? `${input.association} sent you a link to choose a new password for your LocalTrust account.`
        : "Someone asked to reset the password of your LocalTrust account.",
      `The link works once and expires in ${input.minutes} minutes. Choosing a new password signs you out everywhere else.`,
    ],
    link: { href: input.link, text: "Choose a new password" },
    why: "You get this email because a password reset was asked for this address. If it was not you, ignore it: your password stays as it is.",
  });
}

export function reminderEmail(input: {
  association: string;
  councilName: string;
  waveTitle: string;
  deadline: string | null;
  sectionsDone: number;
  sectionsTotal: number;
  started: boolean;
  link: string;
}): EmailContent {
  const progress = input.started
    ? `Your council's progress: ${input.sectionsDone} of ${input.sectionsTotal} sections done.`
    : `Your council has not started it yet: 0 of ${input.sectionsTotal} sections done.`;
  return composeEmail({
    association: input.association,
    subject: `Reminder: ${input.waveTitle} for ${input.councilName}${input.deadline ? ` closes on ${input.deadline}` : ""}`,
    heading: `${input.waveTitle}: a reminder`,
    paragraphs: [
      `${input.association} has not yet received ${input.councilName}'s answers to the ${input.waveTitle}.`,
      input.deadline ? `The survey closes on ${input.deadline}.` : "The survey is open now.",
      progress,
    ],
    link: { href: input.link, text: "Continue the survey" },
    why: `You get this email because you are on ${input.councilName}'s team on LocalTrust. Each member of the team gets it; one answer per council is enough.`,
  });
}

export function receiptEmail(input: {
  association: string;
  councilName: string;
  waveTitle: string;
  reference: string;
  submittedBy: string;
  submissionNumber: number;
  link: string;
}): EmailContent {
  return composeEmail({
    association: input.association,
    subject: `${input.councilName}'s answers to the ${input.waveTitle} were received (${input.reference})`,
    heading: "Answers received",
    paragraphs: [
      `${input.submittedBy} submitted ${input.councilName}'s answers to the ${input.waveTitle}${input.submissionNumber > 1 ? ` (submission ${input.submissionNumber})` : ""}.`,
      `Your reference number is ${input.reference}.`,
    ],
    link: { href: input.link, text: "See the answers you submitted" },
    why: `You get this email because you are on ${input.councilName}'s team on LocalTrust.`,
  });
}

export type TeamNotice = "joined" | "left" | "waiting";

export function teamNoticeEmail(input: { association: string; councilName: string; notice: TeamNotice; who: string; link: string }): EmailContent {
  const subject =
    input.notice === "joined"
      ? `${input.who} joined ${input.councilName}'s team on LocalTrust`
      : input.notice === "left"
        ? `${input.who} left ${input.councilName}'s team on LocalTrust`
        : "A colleague is waiting for your approval on LocalTrust";
  const paragraphs =
    input.notice === "waiting"
      ? [
          `${input.association} asked to add ${input.who} to ${input.councilName}'s team on LocalTrust.`,
          "Nobody can see your council's answers through this invitation until the council's lead approves it.",
        ]
      : input.notice === "joined"
        ? [`${input.who} joined ${input.councilName}'s team. They can see and change your council's answers.`]
        : [`${input.who} is no longer on ${input.councilName}'s team and can no longer sign in to it.`];
  return composeEmail({
    association: input.association,
    subject,
    heading: subject,
    paragraphs,
    link: { href: input.link, text: input.notice === "waiting" ? "Approve or refuse it" : "See your council's team" },
    why:
      input.notice === "waiting"
        ? `You get this email because you are the lead of ${input.councilName}'s team on LocalTrust.`
        : `You get this email because you are on ${input.councilName}'s team on LocalTrust; every member is told when the team changes.`,
  });
}
