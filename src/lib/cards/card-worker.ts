import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { createCardRenderer } from './create-card-renderer.ts';
import type { CardJob } from './create-card-pool.ts';

/** Worker thread: renders the cards it is sent, one at a time, with one libvips thread. */
sharp.concurrency(1);
sharp.cache({ memory: 32, items: 20, files: 0 });
const renderer = createCardRenderer({ publicDir: (workerData as { publicDir: string }).publicDir });

function run(job: CardJob): Promise<Buffer> {
  if (job.kind === 'story') return renderer.renderStory(job.content, job.brand, job.size);
  if (job.kind === 'personal') return renderer.personalize(Buffer.from(job.base), job.name, job.brand);
  return renderer.renderCelebration(job.celebration, job.brand, job.size);
}

parentPort!.on('message', (message: { id: number; job: CardJob }) => {
  run(message.job).then(
    (png) => parentPort!.postMessage({ id: message.id, png }),
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: String((error as Error)?.message ?? error) }),
  );
});
