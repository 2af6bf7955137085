const roots = { base: "/tmp/i13-items-base", items: "/work/wt/i13-items" };
const files = { base: "/work/wt/i13-items/.cache/prof/bench-base.sqlite", items: "/work/wt/i13-items/.cache/prof/bench.sqlite" };
const slug = process.argv[2] ?? "large";
const mods: Record<string, any> = {};
for (const [name, root] of Object.entries(roots)) {
  const { openDatabase } = await import(`${root}/db/connection`);
  const { buildNextSnapshots } = await import(`${root}/app/services/wave-snapshot.server`);
  mods[name] = { handle: openDatabase(`file:${(files as any)[name]}`, { readonly: true }), build: buildNextSnapshots };
}
const times: Record<string, { wall: number[]; cpu: number[] }> = { base: { wall: [], cpu: [] }, items: { wall: [], cpu: [] } };
for (let round = 0; round < 7; round++) {
  for (const name of round % 2 ? ["items", "base"] : ["base", "items"]) {
    const m = mods[name];
    const t = performance.now();
    const c = process.cpuUsage();
    await m.build(m.handle.db, slug, ["staff", "public"], "profile", "2030-01-01T00:00:00.000Z");
    const cpu = process.cpuUsage(c);
    times[name]!.wall.push(performance.now() - t);
    times[name]!.cpu.push((cpu.user + cpu.system) / 1000);
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const min = (xs: number[]) => Math.min(...xs);
for (const [name, t] of Object.entries(times)) console.log(name, `wall median ${med(t.wall.slice(1)).toFixed(0)} min ${min(t.wall).toFixed(0)}; cpu median ${med(t.cpu.slice(1)).toFixed(0)} min ${min(t.cpu).toFixed(0)}`);
console.log((await import("node:os")).loadavg().map((x) => x.toFixed(2)).join(" "));
for (const m of Object.values(mods)) await m.handle.close();
