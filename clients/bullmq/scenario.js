// A BullMQ queue with a worker: retries, a delayed job, progress and completion events.
const { Queue, Worker, QueueEvents } = require('bullmq');
const port = Number(process.argv[2] || 6379);
const connection = { host: '127.0.0.1', port };
const log = (...a) => console.log(new Date().toISOString().slice(11, 23), ...a);

async function main() {
  const queue = new Queue('orders', { connection });
  const events = new QueueEvents('orders', { connection });
  await events.waitUntilReady();
  const progress = [];
  const completed = new Map();
  events.on('progress', ({ jobId, data }) => progress.push(`${jobId}:${data}`));
  events.on('completed', ({ jobId, returnvalue }) => completed.set(jobId, returnvalue));

  const attempts = new Map();
  const worker = new Worker('orders', async (job) => {
    const n = (attempts.get(job.id) || 0) + 1;
    attempts.set(job.id, n);
    await job.updateProgress(50);
    if (job.name === 'flaky' && n < 3) throw new Error(`attempt ${n} fails`);
    await job.updateProgress(100);
    return `${job.name} done after ${n}`;
  }, { connection, concurrency: 4 });

  const t0 = Date.now();
  const plain = await queue.add('plain', { x: 1 });
  const flaky = await queue.add('flaky', { x: 2 }, { attempts: 3, backoff: { type: 'fixed', delay: 200 } });
  const delayed = await queue.add('delayed', { x: 3 }, { delay: 1500 });
  const bulk = await queue.addBulk(Array.from({ length: 200 }, (_, i) => ({ name: 'bulk', data: { i } })));

  const deadline = Date.now() + 30000;
  while (completed.size < 3 + bulk.length && Date.now() < deadline) await new Promise(r => setTimeout(r, 50));
  const delayedJob = await queue.getJob(delayed.id);
  log('completed', completed.size, 'of', 3 + bulk.length);
  log('plain ->', completed.get(plain.id));
  log('flaky ->', completed.get(flaky.id), '(attempts made:', (await queue.getJob(flaky.id)).attemptsMade, ')');
  log('delayed ->', completed.get(delayed.id), 'ran', delayedJob.processedOn - delayedJob.timestamp, 'ms after it was added (delay 1500)');
  log('progress events for plain:', progress.filter(p => p.startsWith(plain.id + ':')).join(' '));
  log('job counts', JSON.stringify(await queue.getJobCounts()));
  const ok = completed.size === 3 + bulk.length
    && completed.get(flaky.id) === 'flaky done after 3'
    && delayedJob.processedOn - delayedJob.timestamp >= 1500
    && progress.includes(`${plain.id}:100`);
  log(ok ? 'SCENARIO OK' : 'SCENARIO FAILED', 'in', Date.now() - t0, 'ms');
  await worker.close(); await events.close(); await queue.obliterate({ force: true }); await queue.close();
  process.exit(ok ? 0 : 1);
}
main().catch(e => { console.error('ERROR', e); process.exit(2); });
