/**
 * The options page's indexing worker (a dedicated Web Worker, started for each
 * import or removal): it builds the collection's search index while the page
 * reads and writes rows. Wiring only; the work is indexer.ts `serveIndexer`.
 */
import { serveIndexer, type IndexerPort, type IndexerReply, type IndexerRequest } from './indexer';

serveIndexer(self as unknown as IndexerPort<IndexerRequest, IndexerReply>);
