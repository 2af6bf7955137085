import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { navigationFor } from "./components/navigation";
import { getConfig } from "./config.server";
import { useNonce } from "./components/nonce";
import { getUser } from "./services/auth.server";
import { showsDemoBanner } from "./services/demo-banner.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/assets/main.css" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, demo] = await Promise.all([getUser(request, context), showsDemoBanner()]);
  return json({
    user: user ? { name: user.name, role: user.role, councilName: user.councilName } : null,
    demo,
    feedbackUrl: getConfig().FEEDBACK_URL,
  });
}

type RootData = Awaited<ReturnType<typeof loader>> extends { json(): Promise<infer T> } ? T : never;

function Header({ data }: { data: RootData | undefined }) {
  const user = data?.user;
  const location = useLocation();
  const navigation = navigationFor(user?.role);
  return (
    <>
      <header className="lt-header" role="banner">
        <div className="govuk-width-container lt-header__container">
          <Link to="/" className="lt-header__name">
            LocalTrust
          </Link>
          {user ? (
            // A <div>, not a <p>: a <form> inside a <p> is closed early by the HTML parser, and hydration fails.
            <div className="lt-header__account">
              Signed in as <strong>{user.name}</strong>
              {user.councilName ? <> for {user.councilName}</> : <> ({user.role === "admin" ? "association admin" : "association staff"})</>}
              {" · "}
              <Form method="post" action="/logout" className="lt-inline-form">
                <button type="submit" className="lt-link-button">
                  Sign out
                </button>
              </Form>
            </div>
          ) : null}
        </div>
      </header>
      {navigation.length > 0 ? (
        <section aria-label="Service information" className="govuk-service-navigation">
          <div className="govuk-width-container">
            <div className="govuk-service-navigation__container">
              <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
                <ul className="govuk-service-navigation__list">
                  {navigation.map((item) => {
                    const current = location.pathname.startsWith(item.href);
                    return (
                      <li key={item.href} className={`govuk-service-navigation__item${current ? " govuk-service-navigation__item--active" : ""}`}>
                        <Link className="govuk-service-navigation__link" to={item.href} aria-current={current ? "page" : undefined}>
                          {current ? <strong className="govuk-service-navigation__active-fallback">{item.text}</strong> : item.text}
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            </div>
          </div>
        </section>
      ) : null}
    </>
  );
}

function Page({ children, data }: { children: React.ReactNode; data: RootData | undefined }) {
  const nonce = useNonce();
  // A route whose handle says `hydrate: false` works as plain HTML with GOV.UK Frontend's own
  // JavaScript only, without React in the browser (docs/decisions/010-conditional-questions.md).
  const hydrate = !useMatches().some((match) => (match.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
  return (
    <html lang="en-GB" className="govuk-template govuk-template--rebranded">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#1d70b8" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
          Skip to main content
        </a>
        <Header data={data} />
        {data?.demo ? (
          <div className="lt-demo-banner" role="region" aria-label="Demo data">
            <div className="govuk-width-container">Demo data: the councils are real, the answers are generated. Do not enter real information.</div>
          </div>
        ) : null}
        <div className="govuk-width-container">
          <div className="govuk-phase-banner">
            <p className="govuk-phase-banner__content">
              <strong className="govuk-tag govuk-phase-banner__content__tag">Beta</strong>
              <span className="govuk-phase-banner__text">
                {data?.feedbackUrl ? (
                  <>
                    This is a new service. Help us improve it:{" "}
                    <a className="govuk-link" href={data.feedbackUrl}>
                      {data.feedbackUrl.startsWith("mailto:") ? "email your feedback" : "give your feedback"}
                    </a>
                    .
                  </>
                ) : (
                  "This is a new service. Tell the association what you think of it."
                )}
              </span>
            </p>
          </div>
          <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
            {children}
          </main>
        </div>
        <footer className="govuk-footer">
          <div className="govuk-width-container">
            <div className="govuk-footer__meta">
              <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <h2 className="govuk-visually-hidden">Support links</h2>
                <ul className="govuk-footer__inline-list">
                  <li className="govuk-footer__inline-list-item">
                    <Link className="govuk-footer__link" to="/accessibility">
                      Accessibility statement
                    </Link>
                  </li>
                  <li className="govuk-footer__inline-list-item">
                    <Link className="govuk-footer__link" to="/privacy">
                      Privacy notice
                    </Link>
                  </li>
                </ul>
                <span className="govuk-footer__licence-description">LocalTrust is run by the association for its member councils.</span>
              </div>
            </div>
          </div>
        </footer>
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
        <script type="module" src="/init.js" nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <Page data={data}>
      <Outlet />
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  let title = "Sorry, there is a problem with the service";
  let body = <p className="govuk-body">Try again later. If the problem continues, contact the association.</p>;
  if (isRouteErrorResponse(error) && error.status === 404) {
    title = "Page not found";
    body = (
      <>
        <p className="govuk-body">If you typed the web address, check it is correct.</p>
        <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Go to the start page
          </Link>
        </p>
      </>
    );
  } else if (isRouteErrorResponse(error) && error.status === 403) {
    title = "You do not have permission to see this page";
    body = (
      <p className="govuk-body">
        Your account cannot open this page.{" "}
        <Link className="govuk-link" to="/">
          Go to your start page
        </Link>
      </p>
    );
  } else if (isRouteErrorResponse(error) && error.status < 500) {
    title = error.status === 429 ? "Too many attempts" : "Sorry, that request could not be handled";
    body = <p className="govuk-body">{typeof error.data === "string" && error.status === 429 ? error.data : "Go back and try again."}</p>;
  }
  return (
    <Page data={data}>
      <title>{`${title} – LocalTrust`}</title>
      <h1 className="govuk-heading-l">{title}</h1>
      {body}
    </Page>
  );
}
