// A password-reset link (/reset-password/<token>): the same page as an invitation link, which sets
// the new password once, ends every other session of the account and signs the person in.
export { action, default, headers, loader } from "./invite.$token";
export const meta = () => [{ title: "Choose a new password – LocalTrust" }];
