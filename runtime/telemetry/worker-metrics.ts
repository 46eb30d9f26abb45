import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** Asked by a worker that was scraped; answered by the primary with every worker's metrics summed. */
interface ScrapeRequest {
  limisScrape: number;
}
interface ScrapeAnswer {
  limisScraped: number;
  text?: string;
  error?: string;
}

const isRequest = (m: unknown): m is ScrapeRequest => typeof (m as ScrapeRequest | null)?.limisScrape === 'number';
const isAnswer = (m: unknown): m is ScrapeAnswer => typeof (m as ScrapeAnswer | null)?.limisScraped === 'number';

let nextScrape = 1;
const pending = new Map<number, (answer: ScrapeAnswer) => void>();
let listening = false;

/**
 * A worker of `serveWorkers` answers a scrape for all of them: whichever worker the connection reached asks the
 * primary, which collects each worker's registries (prom-client's AggregatorRegistry, over the cluster's IPC
 * channel) and sums them, so a Prometheus scraping the shared port sees the whole instance, not one random worker.
 */
export function workerScrape(registries: Registry[]): () => Promise<string> {
  AggregatorRegistry.setRegistries(registries);
  // Constructed once for its side effect: the worker then answers the primary's requests for its metrics.
  new AggregatorRegistry();
  if (!listening) {
    listening = true;
    process.on('message', (message: unknown) => {
      if (!isAnswer(message)) return;
      pending.get(message.limisScraped)?.(message);
      pending.delete(message.limisScraped);
    });
  }
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextScrape++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error('the primary did not answer a metrics scrape within 10 s'));
      }, 10_000);
      pending.set(id, (answer) => {
        clearTimeout(timer);
        if (answer.text !== undefined) resolve(answer.text);
        else reject(new Error(`the primary could not collect the workers' metrics: ${answer.error}`));
      });
      if (!process.send?.({ limisScrape: id } satisfies ScrapeRequest)) {
        clearTimeout(timer);
        pending.delete(id);
        reject(new Error('this worker has no IPC channel to its primary'));
      }
    });
}

/** In the primary of `serveWorkers`: answers each worker's scrape with the sum over every worker. */
export function answerWorkerScrapes(): () => void {
  const aggregator = new AggregatorRegistry();
  const answer = (worker: { send(message: ScrapeAnswer): unknown }, message: unknown) => {
    if (!isRequest(message)) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ limisScraped: message.limisScrape, text }),
      (error: Error) => worker.send({ limisScraped: message.limisScrape, error: error.message }),
    );
  };
  cluster.on('message', answer);
  return () => cluster.off('message', answer);
}
