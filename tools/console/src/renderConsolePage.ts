import type { PeekResult, RedriveResult } from '@conveyor/dlq';
import { formatTrace, isCustomerTrace, type OrderTrace } from '@conveyor/trace';
import type { ConsoleQueue } from './readConsoleQueues.ts';
import type { RecentOrders } from './readRecentOrders.ts';

/** The header a page's own requests carry: a cross-site form cannot set it (CSRF guard). */
export const consoleRequestHeader = 'x-conveyor-console';

/** Escapes text for HTML element content and double-quoted attributes. */
export const escapeHtml = (text: string): string =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const cell = (value: number | undefined, attribute: string): string =>
  `<td class="num" ${attribute}>${value === undefined ? 'missing' : String(value)}</td>`;

/** The queues table: one row per consumer queue, one per DLQ with its peek and redrive buttons. */
export const renderQueues = (queues: readonly ConsoleQueue[]): string => {
  const rows = queues.map((queue) => {
    const name = escapeHtml(queue.name);
    const dlqs = queue.deadLetterQueues
      .map((dlq) => {
        const dlqName = escapeHtml(dlq.name);
        const depth = dlq.state?.depth;
        const actions =
          depth === undefined || depth === 0
            ? ''
            : ` <button type="button" data-peek="${dlqName}">Peek</button> <button type="button" data-redrive="${dlqName}">Redrive</button>`;
        return `<div class="dlq"><span data-dlq-depth="${dlqName}">${depth === undefined ? 'missing' : String(depth)}</span> <code>${dlqName}</code>${actions}</div>`;
      })
      .join('');
    return `<tr data-queue="${name}"><td><code>${name}</code></td><td>${escapeHtml(queue.consumer)}</td>${cell(queue.state?.visible, `data-visible="${name}"`)}${cell(queue.state?.inFlight, `data-in-flight="${name}"`)}${cell(queue.deadLetterDepth, `data-dlq-total="${name}"`)}<td>${dlqs}</td></tr>`;
  });
  return `<table><thead><tr><th>queue</th><th>consumer</th><th>visible</th><th>in flight</th><th>in DLQs</th><th>DLQs</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
};

/**
 * The recent orders table, newest first, each with its status history, and a note when the
 * table was read in part.
 */
export const renderOrders = ({ orders, complete, scanned }: RecentOrders): string => {
  if (orders.length === 0) return '<p>No orders yet.</p>';
  const partial = complete
    ? ''
    : `<p class="note" data-partial>The newest of the first ${String(scanned)} orders read: the table holds more, so a newer one may be missing. Trace any order by its id: npm run trace -- &lt;orderId&gt;.</p>`;
  const rows = orders.map((order) => {
    const id = escapeHtml(order.orderId);
    const history = order.timeline
      .map((entry) => `${escapeHtml(entry.status)} <small>${escapeHtml(entry.at)}</small>`)
      .join(' &rarr; ');
    // A rejected order never ships, so it never gets a label to link to.
    const label =
      order.status === 'REJECTED'
        ? '<small>no label: rejected</small>'
        : `<a href="/labels/${encodeURIComponent(order.orderId)}" target="_blank">label PDF</a>`;
    return `<tr data-order="${id}"><td><button type="button" data-trace="${id}">${id}</button></td><td data-status="${id}">${escapeHtml(order.status)}</td><td>${history}</td><td>${label}</td></tr>`;
  });
  return `${partial}<table><thead><tr><th>order</th><th>status</th><th>status history</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
};

const formatHop = (ms: number | undefined): string =>
  ms === undefined ? '' : ms < 1000 ? `+${Math.round(ms)} ms` : `+${(ms / 1000).toFixed(1)} s`;

const renderCustomerOrders = (trace: OrderTrace): string => {
  const orders = trace.customerOrders ?? [];
  if (orders.length === 0) return '';
  const buttons = orders
    .toReversed()
    .map((order) => {
      const id = escapeHtml(order.orderId);
      return `<li><button type="button" data-trace="${id}">${id}</button> <small>placed ${escapeHtml(order.placedAt.toISOString())}</small></li>`;
    })
    .join('');
  return `<h4>Orders of customer <code>${escapeHtml(trace.id)}</code>, newest first</h4><ul data-customer-orders>${buttons}</ul>`;
};

/**
 * One order's timeline across the services, as `npm run trace` builds it from the logs. For a
 * customer id: the customer's own steps (registration, opt-out), then the orders it placed, each
 * to trace by its id.
 */
export const renderTrace = (trace: OrderTrace): string => {
  const rows = trace.steps.map(
    (step) =>
      `<tr data-step="${escapeHtml(step.service)}"><td>${escapeHtml(step.time.toISOString())}</td><td>${escapeHtml(formatHop(step.hopMs))}</td><td>${escapeHtml(step.service)}</td><td>${escapeHtml(step.functionName ?? '')}</td><td>${escapeHtml(step.eventType ?? step.route ?? '')}</td><td class="outcome-${escapeHtml(step.outcome)}">${escapeHtml(step.outcome)}${step.loggedOutcome === undefined ? '' : ` (${escapeHtml(step.loggedOutcome)})`}${step.reason === undefined ? '' : `: ${escapeHtml(step.reason)}`}</td></tr>`,
  );
  const customerOrders = renderCustomerOrders(trace);
  const heading = isCustomerTrace(trace)
    ? `<h3>Customer <code>${escapeHtml(trace.id)}</code></h3>`
    : `<h3>Order <code>${escapeHtml(trace.orderIds.join(', '))}</code>: <span data-verdict>${escapeHtml(trace.diagnosis.verdict)}</span></h3>`;
  // This view never peeks (it reloads every 2 s): a message of the order in a DLQ, such as one
  // SNS could not deliver, is not seen, so the verdict rests on the logs. Said beside it, not
  // only in the closed details below.
  const counted = (trace.queues?.notAllPeeked ?? []).filter((each) => each.countedOnly);
  const dlqNote =
    counted.length === 0
      ? ''
      : `<p class="note" data-dlqs-counted>DLQs holding messages, counted but not looked at here: ${counted
          .map((each) => `<code>${escapeHtml(each.name)}</code> (${String(each.depth)})`)
          .join(
            ', ',
          )}. Peek them under Queues to see whether this order's events are there; the verdict above rests on the logs.</p>`;
  const table =
    rows.length === 0
      ? ''
      : `<table><thead><tr><th>time</th><th>hop</th><th>service</th><th>function</th><th>event</th><th>outcome</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `${heading}${dlqNote}${table}${customerOrders}<details${trace.diagnosis.verdict === 'done' ? '' : ' open'}><summary>npm run trace -- ${escapeHtml(trace.id)}</summary><pre>${escapeHtml(formatTrace(trace, 'local'))}</pre></details>`;
};

/**
 * A DLQ's messages as `npm run dlq -- peek` shows them: what each is, and its body only with
 * `bodies` (`--body`), since a body holds customer data such as emails and postal addresses.
 */
export const renderPeek = (result: PeekResult, options: { readonly bodies: boolean }): string => {
  const name = escapeHtml(result.queue.name);
  const messages = result.messages.map((message) => {
    const envelope = message.envelope;
    const about = envelope.valid
      ? `${envelope.eventType} v${envelope.version} of ${envelope.aggregateId}`
      : `not a valid event${envelope.aggregateId === undefined ? '' : ` (of ${envelope.aggregateId})`}: ${envelope.problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`;
    const body = options.bodies ? `<pre>${escapeHtml(message.body)}</pre>` : '';
    return `<li data-message="${escapeHtml(message.messageId)}"><code>${escapeHtml(message.messageId)}</code>, ${message.receiveCount} receive(s): ${escapeHtml(about)}${body}</li>`;
  });
  const empty = result.depth === 0 && result.messages.length === 0;
  // Nothing to move in an empty one (redriven or purged since the queues table was drawn).
  const redrive = empty ? '' : ` <button type="button" data-redrive="${name}">Redrive all</button>`;
  const showBodies =
    result.messages.length === 0 || options.bodies
      ? ''
      : ` <button type="button" data-peek="${name}" data-body>Show bodies (customer data; peeks again)</button>`;
  return `<h3><code>${name}</code>: ${result.depth} message(s)${redrive}${showBodies}</h3><ul>${messages.join('')}</ul>`;
};

/** What a redrive did, in one sentence. */
export const describeRedrive = (result: RedriveResult): string =>
  `Moved ${result.moved} message(s) from ${result.queue.name} back to ${result.queue.sourceName} (${result.method}).${
    result.remainingInFlight > 0
      ? ` About ${result.remainingInFlight} of the ${result.remaining} left are held by another reader (a peek, a stopped redrive): redrive again in a minute.`
      : result.remaining > 0
        ? ` About ${result.remaining} left.`
        : ''
  }`;

/** What the page links to. */
export interface PageLinks {
  /** aws-ses-v2-local's web inbox. */
  readonly inbox: string;
}

/** The whole page: the first render of each part, and the script that keeps them live. */
export const renderConsolePage = (parts: {
  readonly queues: string;
  readonly orders: string;
  /** The parts whose first render failed: the status line names them until they load. */
  readonly failing?: readonly string[];
  readonly links: PageLinks;
}): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Conveyor console</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1rem 2rem; color: #222; }
table { border-collapse: collapse; margin-bottom: 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.outcome-handled, .outcome-answered { color: #176117; }
.outcome-retrying, .outcome-failed-permanently, .outcome-refused, .outcome-failed { color: #a11; }
pre { background: #f4f4f4; padding: 4px; max-width: 60rem; overflow-x: auto; }
#status { color: #666; }
.note { color: #8a5a00; }
</style>
</head>
<body>
<h1>Conveyor console</h1>
<p><a href="${escapeHtml(parts.links.inbox)}" target="_blank">Mail inbox</a> &middot; <span id="status">${(parts.failing ?? []).length === 0 ? 'live' : `not current: ${escapeHtml((parts.failing ?? []).join(', '))}`}</span></p>
<h2>Queues</h2>
<div id="queues">${parts.queues}</div>
<div id="dlq-result" role="status"></div>
<div id="dlq"></div>
<h2>Recent orders</h2>
<div id="orders">${parts.orders}</div>
<div id="trace"></div>
<script>
const header = { '${consoleRequestHeader}': '1' };
let traced;
let peeked;
// A part whose last load failed, with why; a poll never starts while one of the same part runs,
// so a local cloud that stops answering does not pile requests up.
const failing = new Map(${JSON.stringify((parts.failing ?? []).map((part) => [part, 'failed']))});
const loading = new Set();
const showStatus = () => {
  const time = new Date().toLocaleTimeString();
  document.getElementById('status').textContent =
    failing.size === 0
      ? 'live, updated ' + time
      : 'updated ' + time + '; not current: ' + [...failing].map(([id, why]) => id + ' (' + why + ')').join(', ');
};
const load = async (id, url) => {
  if (loading.has(id)) return;
  loading.add(id);
  try {
    const response = await fetch(url, { headers: header, signal: AbortSignal.timeout(20000) });
    document.getElementById(id).innerHTML = await response.text();
    if (response.ok) failing.delete(id);
    else failing.set(id, 'HTTP ' + response.status);
  } catch (error) {
    failing.set(id, String(error));
  } finally {
    loading.delete(id);
  }
  showStatus();
};
const path = (name) => encodeURIComponent(name);
setInterval(() => load('queues', '/fragments/queues'), 1500);
setInterval(() => {
  load('orders', '/fragments/orders');
  if (traced !== undefined) load('trace', '/fragments/orders/' + path(traced) + '/trace');
}, 2000);
const redrive = async (name) => {
  try {
    const response = await fetch('/api/dlqs/' + path(name) + '/redrive', {
      method: 'POST',
      headers: header,
      signal: AbortSignal.timeout(60000),
    });
    const text = await response.text();
    let message = text;
    try {
      message = JSON.parse(text).message;
    } catch {}
    return response.ok ? message : 'Redrive of ' + name + ' failed (HTTP ' + response.status + '): ' + message;
  } catch (error) {
    return 'Redrive of ' + name + ' failed, or its answer was lost: ' + error + '. Check the DLQ before trying again.';
  }
};
document.addEventListener('click', async (event) => {
  const button = event.target.closest('button');
  if (button === null) return;
  if (button.dataset.trace !== undefined) {
    traced = button.dataset.trace;
    await load('trace', '/fragments/orders/' + path(traced) + '/trace');
  } else if (button.dataset.peek !== undefined) {
    peeked = button.dataset.peek;
    await load('dlq', '/fragments/dlqs/' + path(peeked) + (button.dataset.body === undefined ? '' : '?body'));
  } else if (button.dataset.redrive !== undefined) {
    button.disabled = true;
    document.getElementById('dlq-result').textContent = await redrive(button.dataset.redrive);
    document.getElementById('dlq').innerHTML = '';
    await load('queues', '/fragments/queues');
  }
});
</script>
</body>
</html>
`;
