import { useEffect, useState } from "react";
import { useLocation } from "@remix-run/react";

declare global {
  interface Window {
    LocalTrustInitGovuk?: (scope: Element | null) => void;
  }
}

/**
 * Initialises GOV.UK Frontend components in <main> after every client-side navigation or
 * re-render with new content (`refresh`), and says whether JavaScript is running (false on the
 * server and without JavaScript), so a page can render its progressive enhancements.
 */
export function useGovukFrontend(refresh?: unknown): boolean {
  const location = useLocation();
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  useEffect(() => {
    window.LocalTrustInitGovuk?.(document.querySelector("main"));
  }, [location.key, refresh, enhanced]);
  return enhanced;
}
