export {
  type ConsoleServer,
  type ConsoleServerOptions,
  startConsoleServer,
} from './consoleServer.ts';
export {
  type ConsoleArguments,
  consoleUsage,
  parseConsoleArguments,
} from './parseConsoleArguments.ts';
export {
  type ConsoleDeadLetterQueue,
  type ConsoleQueue,
  type QueueDepth,
  readConsoleQueues,
} from './readConsoleQueues.ts';
export {
  ordersTableName,
  type OrderStatusEntry,
  type RecentOrder,
  type RecentOrders,
  type RecentOrdersOptions,
  readRecentOrders,
} from './readRecentOrders.ts';
export {
  consoleRequestHeader,
  describeRedrive,
  escapeHtml,
  type PageLinks,
  renderConsolePage,
  renderOrders,
  renderPeek,
  renderQueues,
  renderTrace,
} from './renderConsolePage.ts';
