// The playground's analysis worker (web/src/worker.rs): the page's own module, started again
// here, off the page's thread. The page (web/src/analyst.rs) names the glue in the query and
// sends the module it compiled as its first message, so it is not fetched or compiled twice.
const query = new URL(import.meta.url).searchParams;
const module = new Promise((resolve) => {
  self.onmessage = (e) => {
    self.onmessage = null;
    resolve(e.data);
  };
});
const { default: init } = await import(query.get("js"));
await init({ module_or_path: await module });
