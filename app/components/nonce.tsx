import { createContext, useContext } from "react";

// The Content-Security-Policy nonce of this response. Empty in the browser: browsers hide nonce
// attributes from scripts, and the scripts have already run by the time React hydrates.
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
