// Any path no other route matches: a real 404 with the service's "Page not found" page.
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
