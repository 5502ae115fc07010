// GENERATED FILE - do not edit. Source: cloud/client-api.ts (and what it imports).
// The kit's cloud objects as the client calls them. Regenerate with `npm run build:cloud`.
/**
 * How the kit's access token travels: as the last parameter of every call,
 * `{ wxkitAuth: { token } }`, after the method's own input (the client sends
 * `[input, auth]`). Not uniCloud's `uni_id_token` slot: that one belongs to
 * uni-id, and the SDK would overwrite it with any answer's `newToken`, so the
 * kit and uni-id can live in one app without logging each other out.
 */
export interface KitAuth {
	wxkitAuth: {
		token: string;
	};
}
interface ComposedResponse {
	mpserverlessComposedResponse: true;
	statusCode: number;
	headers: Record<string, string>;
	body: string;
	isBase64Encoded?: boolean;
}
type Answer<T> = T & {
	errCode: 0;
};
type AnyMethod = (...args: never[]) => unknown;
/**
 * The client-side view of a cloud object: its public methods (no `_` prefix),
 * each returning a promise of the normalised answer. The services layer uses
 * this with `import type`, so a renamed parameter breaks typecheck on both sides.
 */
export type CloudObjectClient<T> = {
	[K in keyof T as K extends `_${string}` ? never : T[K] extends AnyMethod ? K : never]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Answer<Exclude<Awaited<R>, ComposedResponse>>> : never;
};
interface ReadyFile {
	url: string;
	bytes: number;
}
interface DownloadTarget extends ReadyFile {
	fileName: string;
	fileType: "pdf" | "png";
}
declare const _default: {
	_before(): Promise<void>;
	_after(error: unknown, result: unknown): unknown;
	/** The receipt (PDF) of one of the caller's paid orders. */
	receiptUrl(input: {
		orderId: string;
	}): Promise<DownloadTarget>;
	/** Which files a product offers (the product page shows a button for each). */
	productFiles(input: {
		productId: string;
	}): Promise<{
		manual: boolean;
		code: boolean;
	}>;
	/** A product's manual (PDF); FILE_NOT_FOUND when it has none. */
	manualUrl(input: {
		productId: string;
	}): Promise<DownloadTarget>;
	/** A product's QR code (PNG), which the app's 扫一扫 opens. */
	productCodeUrl(input: {
		productId: string;
	}): Promise<DownloadTarget>;
};
declare const REFUND_STATUSES: readonly [
	"REQUESTED",
	"REJECTED",
	"APPROVED",
	"PROCESSING",
	"SUCCESS",
	"CLOSED",
	"ABNORMAL",
	"REFUSED"
];
type RefundStatus = (typeof REFUND_STATUSES)[number];
type RefundOrigin = "buyer" | "merchant" | "duplicate";
interface RefundRecord {
	_id: string;
	orderId: string;
	userId: string;
	/** The trade refunded: the paying trade, or for `duplicate` the trade that paid twice. */
	outTradeNo: string;
	/** Assigned on approval and never changed (a retry sends the same one); unique, sparse. */
	outRefundNo?: string;
	origin: RefundOrigin;
	/** Integer fen. */
	amount: number;
	/** The trade's total (what WeChat Pay's `amount.total` must say). */
	total: number;
	reason: string;
	status: RefundStatus;
	requestedAt: number;
	/** Approved or rejected: when, by whom ('policy' for automatic approval, else the operator's name). */
	decidedAt?: number;
	decidedBy?: string;
	/** What the buyer is told when the merchant rejects. */
	rejectReason?: string;
	/** When it was (last) sent to WeChat Pay; attempts of sending. */
	submittedAt?: number;
	attempts: number;
	/** The reconciler's last query (ms). */
	lastQueriedAt: number;
	refundId?: string;
	successTime?: string;
	settledAt?: number;
	/** WeChat Pay's error code when it refused or failed the request. */
	wechatCode?: string;
	createdAt: number;
	updatedAt: number;
}
interface RefundView {
	refundId: string;
	amount: number;
	reason: string;
	status: RefundStatus;
	requestedAt: number;
	rejectReason?: string;
	settledAt?: number;
}
declare const DELIVERY_KINDS: readonly [
	"virtual",
	"express",
	"same-city",
	"pickup"
];
type DeliveryKind = (typeof DELIVERY_KINDS)[number];
interface Product {
	_id: string;
	name: string;
	description: string;
	price: number;
	/** Tile colour shown in place of a photo (keeps the package free of images). */
	color: string;
	onSale: boolean;
	sort: number;
	/** Absent: DEFAULT_DELIVERY_KIND. */
	delivery?: DeliveryKind;
}
/** What the client sees of a product. */
export type ProductView = Pick<Product, "name" | "description" | "price" | "color"> & {
	productId: string;
};
interface DeliveryCompany {
	/** The delivery_id, what express_company carries. */
	id: string;
	name: string;
}
/** What `wx.requestPayment` / `uni.requestPayment` need. */
export interface RequestPaymentParams {
	appId: string;
	timeStamp: string;
	nonceStr: string;
	package: string;
	signType: "RSA";
	paySign: string;
}
type LogisticsType = 1 | 2 | 3 | 4;
type ShippingStatus = "waiting" | "shipped" | "completed";
type UploadState = "waiting" | "pending" | "uploaded" | "not-required" | "failed";
type NotRequiredReason = "NOT_TRADE_MANAGED" | "REFUNDED";
interface Shipment {
	logisticsType: LogisticsType;
	/** Express: a delivery_id of get_delivery_list (e.g. SF, YTO, ZTO). */
	expressCompany?: string;
	/** Its delivery_name, for the buyer. */
	expressCompanyName?: string;
	trackingNo?: string;
	/** Masked, only the last four digits readable (required for SF). */
	receiverContact?: string;
	/** item_desc, at most 120 characters. */
	itemDesc: string;
	enteredAt: number;
	/** The operator's user id, or `auto` for virtual goods. */
	enteredBy: string;
}
interface ShippingUpload {
	state: UploadState;
	/** Attempts of the current upload (a correction or a merchant's retry starts again at 0). */
	attempts: number;
	/** Pending: not before then (ms). */
	nextAttemptAt: number;
	/** A runner holds the upload until then (ms); 0 when free. */
	leaseUntil: number;
	leaseOwner?: string;
	/** WeChat's errcode of the last failed attempt, when it answered one. */
	lastErrcode?: number;
	/** Stable code of the last failure. */
	lastError?: string;
	/** The kit's own text for it (never WeChat's errmsg). */
	lastMessage?: string;
	/** When WeChat first accepted a shipment of this order (later uploads are corrections). */
	uploadedAt?: number;
	/** The upload_time (ms) last sent: the next must be later. */
	sentAt?: number;
	/** Corrections accepted since: WeChat allows one. */
	corrections: number;
	reason?: NotRequiredReason;
}
interface OrderShipping {
	status: ShippingStatus;
	/** From the items: virtual only when every item is; else express, same-city or pickup (in that order). */
	kind: DeliveryKind;
	shipment?: Shipment;
	upload: ShippingUpload;
	/** Uploaded and not completed: when get_order is next asked (ms). */
	pollAt?: number;
	/** WeChat's order_state when last asked. */
	orderState?: number;
	/** When notify_confirm_receive was sent (WeChat allows it once). */
	remindedAt?: number;
	completedAt?: number;
	/** Bumped by every change: the merchant's actions apply only to the state they read. */
	rev: number;
	updatedAt: number;
}
interface ShippingView {
	state: ShippingStatus;
	logisticsType?: LogisticsType;
	expressCompany?: string;
	expressCompanyName?: string;
	trackingNo?: string;
	shippedAt?: number;
	completedAt?: number;
}
interface MerchantShippingView extends ShippingView {
	kind: DeliveryKind;
	receiverContact?: string;
	itemDesc?: string;
	remindedAt?: number;
	upload: Pick<ShippingUpload, "state" | "attempts" | "lastErrcode" | "lastError" | "lastMessage" | "uploadedAt" | "corrections" | "reason"> & {
		nextAttemptAt?: number;
	};
}
interface ShippingOrderView {
	orderId: string;
	outTradeNo: string;
	transactionId?: string;
	description: string;
	amount: number;
	status: OrderRecord["status"];
	paidAt?: number;
	shipping?: MerchantShippingView;
}
interface ShippingSummary {
	uploaded: number;
	notRequired: number;
	failed: number;
	completed: number;
	failures: number;
}
declare const ORDER_STATUSES: readonly [
	"NOTPAY",
	"PAID",
	"PARTIALLY_REFUNDED",
	"REFUNDED",
	"CLOSED"
];
type OrderStatus = (typeof ORDER_STATUSES)[number];
declare const PAY_CHANNELS: readonly [
	"miniprogram",
	"jsapi",
	"h5",
	"native"
];
type PayChannel = (typeof PAY_CHANNELS)[number];
interface OrderItem {
	productId: string;
	name: string;
	/** Unit price in integer fen. */
	price: number;
	quantity: number;
	/** From the catalogue when priced; absent on orders priced before it existed (= express). */
	delivery?: DeliveryKind;
}
interface TradeRecord {
	outTradeNo: string;
	channel: PayChannel;
	appid: string;
	/** miniprogram / jsapi: the openid the trade was placed for. */
	payerOpenid?: string;
	/** h5: scene_info.payer_client_ip, kept so the trade can be placed again identically. */
	clientIP?: string;
	/** LIVE: payable; CLOSED: closed by us (or WeChat Pay); PAID: the trade that paid the order; DUPLICATE: paid after another trade had paid the order (refunded). */
	state: "LIVE" | "CLOSED" | "PAID" | "DUPLICATE";
	createdAt: number;
	/** What the client was last handed for this trade, and until when WeChat Pay honours it. */
	payment?: {
		prepayId?: string;
		codeUrl?: string;
		h5Url?: string;
		validUntil: number;
	};
	closedAt?: number;
	/** A query confirmed the closed trade is closed at WeChat Pay: no payment can land on it any more. */
	verified?: boolean;
	transactionId?: string;
}
interface DuplicatePayment {
	outTradeNo: string;
	transactionId?: string;
	/** Integer fen. */
	amount: number;
	detectedAt: number;
	/** The automatic refund (wxkit-refunds). */
	refundId: string;
}
interface FulfilmentState {
	status: "none" | "pending" | "done";
	attempts: number;
	/** A runner holds the fulfilment until then (ms); 0 when free. */
	leaseUntil: number;
	leaseOwner?: string;
	/** Name or code of the last failure (never its message). */
	lastError?: string;
	doneAt?: number;
}
type TransitionCause = "create" | "notify" | "query" | "user" | "timing" | "refund" | "merchant" | "bill";
interface TransitionRecord {
	from: OrderStatus;
	to: OrderStatus;
	at: number;
	by: TransitionCause;
}
type CloseReason = "USER" | "EXPIRED" | "REJECTED" | "WXPAY" | "MERCHANT";
interface OrderRecord {
	_id: string;
	userId: string;
	/**
	 * The trade that counts: the live one while unpaid, the paying one once paid
	 * (unique index; 6–32 of [0-9A-Za-z]). `channel`, `appid`, `payerOpenid` are that trade's.
	 */
	outTradeNo: string;
	channel: PayChannel;
	appid: string;
	mchid: string;
	/** JSAPI: the openid the trade was placed for; once paid: the payer's. */
	payerOpenid?: string;
	/** Every trade's out_trade_no (unique multikey index): what a notify or a query names. */
	tradeNos: string[];
	/** The trades by out_trade_no. */
	trades: Record<string, TradeRecord>;
	/** The out_trade_no of the one LIVE trade, '' when none. */
	liveTradeNo: string;
	/** Closed trades a query has not yet confirmed closed (the reconciler asks: a payment may still land). */
	unverifiedTrades: number;
	description: string;
	items: OrderItem[];
	/** Integer fen. */
	amount: number;
	currency: "CNY";
	status: OrderStatus;
	/** time_expire sent to WeChat Pay (ms). */
	timeExpire: number;
	createdAt: number;
	updatedAt: number;
	/** When WeChat Pay was last asked about this order (ms; 0 never). */
	lastQueriedAt: number;
	paidAt?: number;
	transactionId?: string;
	closedAt?: number;
	closeReason?: CloseReason;
	fulfilment: FulfilmentState;
	/** Fen that may still be reserved for refunds: amount − approved − refunded (a conditional decrement reserves). */
	refundable: number;
	/** Fen WeChat Pay confirmed refunded. */
	refunded: number;
	/** Refunds placed for the paying trade (WeChat Pay allows 50). */
	refundCount: number;
	/** When the last refund of the paying trade was sent (WeChat Pay wants a minute between two). */
	lastRefundSubmittedAt: number;
	/** A buyer's refund request awaits the merchant's review (one at a time). */
	refundRequestOpen: boolean;
	/** Refund requests the buyer ever made (the view reads the ledger only when there are any). */
	refundRequests: number;
	/** Payments that landed on superseded trades, by out_trade_no. */
	duplicates?: Record<string, DuplicatePayment>;
	history: TransitionRecord[];
	/** Mini-program orders, from their fulfilment on: WeChat's shipping information (shipping.ts). */
	shipping?: OrderShipping;
}
interface OrderView {
	orderId: string;
	outTradeNo: string;
	description: string;
	amount: number;
	status: OrderStatus;
	items: OrderItem[];
	createdAt: number;
	paidAt?: number;
	closedAt?: number;
	/** How the order was (or will be) paid: the current trade's channel. */
	channel: PayChannel;
	/** Until when it can be paid (unpaid orders). */
	payableUntil?: number;
	/** Fen refunded so far, and what may still be asked for. */
	refunded: number;
	refundable: number;
	/** Its refunds and refund requests, newest first. */
	refunds: RefundView[];
	/** Fulfilment is tracked apart from payment: a PAID order may not be fulfilled yet. */
	fulfilled: boolean;
	/** Mini-program orders once fulfilled: 待发货 / 已发货 / 已完成 and the tracking number. */
	shipping?: ShippingView;
}
type PaymentParams = RequestPaymentParams | {
	h5Url: string;
} | {
	codeUrl: string;
};
interface ReconcileSummary {
	expired: number;
	paid: number;
	/** WeChat Pay trade queries this run made for unpaid orders. */
	queried: number;
	/** WeChat Pay answered a query 429 FREQUENCY_LIMITED: the run's remaining queries were left to the next run. */
	throttled?: true;
	/** Closed trades confirmed (or found paid) this run. */
	verified: number;
	refundsSettled: number;
	fulfilled: number;
	failures: number;
	/** Only when shipping is wired (`deps.shipping`). */
	shipping?: ShippingSummary;
}
declare const _default$1: {
	_before(): Promise<void>;
	_after(error: unknown, result: unknown): unknown;
	/** Timer trigger (every 5 minutes): expire, reconcile and fulfil what notifies missed; upload shipping, poll receipts. */
	_timing(): Promise<ReconcileSummary>;
	/**
	 * Create an order from `items` and answer what the client needs to pay on
	 * `channel` (default: the mini program inside it). The server prices the
	 * order from the catalogue; whatever amount a client sends is ignored.
	 */
	createOrder(input: {
		items: Array<{
			productId: string;
			quantity: number;
		}>;
		channel?: PayChannel;
	}): Promise<{
		orderId: string;
		amount: number;
		payment: PaymentParams;
	}>;
	/**
	 * Pay an unpaid order (again) on `channel` (default: the mini program inside
	 * it): the same channel reuses its trade, another closes it first. Answers
	 * what the client needs to pay, or `paid: true` when it turned out paid.
	 */
	payOrder(input: {
		orderId: string;
		channel?: PayChannel;
	}): Promise<{
		orderId: string;
		amount: number;
		payment?: PaymentParams;
		paid?: true;
	}>;
	/**
	 * One of the caller's orders; while unpaid, WeChat Pay is asked (at most every 5 s).
	 * `codeUrl`: an unpaid Native order's QR code content while it can still be
	 * scanned, so a page reloaded while showing the QR code shows it again.
	 */
	getOrder(input: {
		orderId: string;
	}): Promise<{
		order: OrderView;
		codeUrl?: string;
	}>;
	/** The caller's orders, newest first, 10 per page. */
	listOrders(input?: {
		status?: OrderStatus | OrderStatus[];
		page?: number;
	}): Promise<{
		orders: OrderView[];
		hasMore: boolean;
	}>;
	/** Cancel an unpaid order (closed at WeChat Pay first; one paid meanwhile becomes PAID instead). */
	closeOrder(input: {
		orderId: string;
	}): Promise<{
		order: OrderView;
	}>;
	/**
	 * Ask for a refund of a paid order: `amount` fen (default: everything left)
	 * and a reason. The merchant reviews it (payAdmin) unless the configured
	 * policy approves it at once; the order's `refunds` show where it is.
	 */
	requestRefund(input: {
		orderId: string;
		amount?: number;
		reason?: string;
	}): Promise<{
		order: OrderView;
		refund: RefundView;
	}>;
	/** WeChat Pay's payment notify. Answers 204 only once the payment is applied and fulfilled. */
	notify(): Promise<ComposedResponse>;
	/** WeChat Pay's refund notify. */
	refundNotify(): Promise<ComposedResponse>;
};
interface MerchantRefundView extends RefundView {
	orderId: string;
	origin: RefundRecord["origin"];
	outRefundNo?: string;
	decidedBy?: string;
	decidedAt?: number;
	wechatCode?: string;
}
declare const DAY_STATUSES: readonly [
	"matched",
	"discrepancies",
	"not-ready",
	"no-bill",
	"failed"
];
/** matched: every row agreed; discrepancies: some findings (applied or recorded); not-ready: STATEMENT_CREATING; no-bill: NO_STATEMENT_EXIST; failed: see `error`. */
export type DayStatus = (typeof DAY_STATUSES)[number];
declare const DISCREPANCY_KINDS: readonly [
	"paid-missing-here",
	"refund-missing-here",
	"missing-at-wechat",
	"amount-mismatch",
	"unknown-trade",
	"totals-mismatch"
];
/**
 * paid-missing-here: paid at WeChat Pay, not here; refund-missing-here:
 * refunded at WeChat Pay, not here; missing-at-wechat: paid or refunded here,
 * not in the bill; amount-mismatch: the bill's amount is not ours;
 * unknown-trade: a trade or refund no order here has; totals-mismatch: the
 * summary row against the sum of the rows, or against ours.
 */
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];
type DiscrepancyAction = "applied" | "recorded";
/** A day as the console shows it. */
export interface ReconciliationDayView {
	billDate: string;
	status: DayStatus;
	rows: number;
	matched: number;
	applied: number;
	discrepancies: number;
	ranAt: number;
	/** Why the last run failed (a stable code). */
	error?: string;
	/** A run holds the day right now. */
	running?: true;
}
/** A discrepancy as the console shows it. */
export interface BillDiscrepancyView {
	id: string;
	kind: DiscrepancyKind;
	outTradeNo?: string;
	outRefundNo?: string;
	transactionId?: string;
	orderId?: string;
	ours?: number;
	theirs?: number;
	action: DiscrepancyAction;
	note: string;
}
interface TimerSummary {
	/** Days that were due. */
	due: number;
	days: Array<{
		billDate: string;
		status: DayStatus | "busy";
		error?: string;
	}>;
}
declare const SEARCH_KINDS: readonly [
	"orderId",
	"outTradeNo",
	"transactionId",
	"userId",
	"nickname"
];
type SearchKind = (typeof SEARCH_KINDS)[number];
interface ConsoleBuyer {
	userId: string;
	nickname: string;
}
interface ConsoleOrderRow {
	orderId: string;
	outTradeNo: string;
	transactionId?: string;
	description: string;
	status: OrderStatus;
	channel: PayChannel;
	/** Fen. */
	amount: number;
	refunded: number;
	refundable: number;
	createdAt: number;
	paidAt?: number;
	buyer: ConsoleBuyer;
	fulfilment: OrderRecord["fulfilment"]["status"];
	/** A buyer's refund request waits for review. */
	refundRequestOpen: boolean;
	shipping?: {
		status: ShippingStatus;
		upload: UploadState;
	};
}
interface ConsoleOrderPage {
	orders: ConsoleOrderRow[];
	hasMore: boolean;
	matchedBy?: SearchKind;
}
interface ConsoleTrade {
	outTradeNo: string;
	channel: PayChannel;
	state: TradeRecord["state"];
	createdAt: number;
	closedAt?: number;
	/** A query confirmed a closed trade closed at WeChat Pay. */
	verified?: boolean;
	transactionId?: string;
	/** The trade that counts (the live one while unpaid, the paying one once paid). */
	current: boolean;
}
interface ConsoleOrderActions {
	close: boolean;
	refund: boolean;
	retryFulfilment: boolean;
	enterShipment: boolean;
	retryShipping: boolean;
}
interface ConsoleOrderDetail {
	orderId: string;
	outTradeNo: string;
	description: string;
	status: OrderStatus;
	channel: PayChannel;
	items: OrderItem[];
	/** Fen: paid (or payable), refunded so far, and what may still be refunded. */
	amount: number;
	refunded: number;
	refundable: number;
	refundCount: number;
	createdAt: number;
	updatedAt: number;
	/** Unpaid orders: until when they can be paid. */
	payableUntil?: number;
	payment?: {
		transactionId?: string;
		paidAt: number;
		outTradeNo: string;
	};
	closedAt?: number;
	closeReason?: CloseReason;
	buyer: ConsoleBuyer;
	trades: ConsoleTrade[];
	history: TransitionRecord[];
	/** Every refund and refund request of the order, newest first, with who decided. */
	refunds: MerchantRefundView[];
	duplicates: DuplicatePayment[];
	fulfilment: {
		status: OrderRecord["fulfilment"]["status"];
		attempts: number;
		lastError?: string;
		doneAt?: number;
		running: boolean;
	};
	shipping?: MerchantShippingView;
	actions: ConsoleOrderActions;
}
interface DayFigures {
	date: string;
	takings: number;
	paidOrders: number;
	refunds: number;
	refunded: number;
}
interface ConsoleOverview {
	days: DayFigures[];
	today: DayFigures;
	waiting: {
		refundRequests: number;
		shippingFailures: number;
	};
	/** When it was computed (ms). */
	asOf: number;
}
interface ExportedFile {
	url: string;
	fileName: string;
	fileType: "csv";
	rows: number;
	bytes: number;
}
type OrderFilterInput = {
	status?: (typeof ORDER_STATUSES)[number];
	channel?: (typeof PAY_CHANNELS)[number];
	from?: string;
	to?: string;
	q?: string;
	by?: (typeof SEARCH_KINDS)[number];
};
declare const _default$2: {
	_before(): Promise<void>;
	_after(error: unknown, result: unknown): unknown;
	/**
	 * Timer trigger (twice an hour): reconcile the newest trade bill once
	 * WeChat Pay has made it (after 10:00 Beijing time), and, within the last
	 * week, days missed, not ready yet (asked again every half hour) or failed
	 * (with back-off). "Now" is the trigger's `Time` when it names its zone
	 * (the local runtime's tests move it), else the clock.
	 */
	_timing(param?: {
		Time?: string;
	}): Promise<TimerSummary>;
	/** The operator this login is (the console asks before it shows anything; every method checks again). */
	whoami(): Promise<{
		operator: {
			name: string;
		};
	}>;
	/** The console's overview: the last 14 Beijing days' takings, paid orders and refunds (today last), and what waits for review. */
	overview(): Promise<ConsoleOverview>;
	/**
	 * One page (20, newest first) of the orders matching the filters (status,
	 * channel, Beijing dates `from`–`to` inclusive) and the search `q`: an order
	 * id, any out_trade_no of its trades, its transaction_id, the buyer's user
	 * id or the start of their nickname. `matchedBy` names what the search
	 * matched; pass it back as `by` for the following pages.
	 */
	listOrders(input?: OrderFilterInput & {
		page?: number;
	}): Promise<ConsoleOrderPage>;
	/** One order in full: items, amounts, trades, payment, history, refunds (with who decided), duplicates, fulfilment, shipping, and what may be done now. */
	getOrderDetail(input: {
		orderId: string;
	}): Promise<{
		order: ConsoleOrderDetail;
	}>;
	/** Every order matching the list's filters and search as a CSV (UTF-8 with BOM) in cloud storage: its temporary URL and file name. */
	exportOrders(input?: OrderFilterInput): Promise<ExportedFile>;
	/** Refund requests waiting for review, oldest first. */
	listRefundRequests(input?: {
		page?: number;
	}): Promise<{
		refunds: MerchantRefundView[];
		hasMore: boolean;
	}>;
	/** Approve a refund request: its amount is reserved and sent to WeChat Pay (or waits the minute WeChat Pay wants between two). */
	approveRefund(input: {
		refundId: string;
	}): Promise<{
		refund: MerchantRefundView;
	}>;
	/** Reject a refund request with the reason the buyer sees. */
	rejectRefund(input: {
		refundId: string;
		reason: string;
	}): Promise<{
		refund: MerchantRefundView;
	}>;
	/** Refund part (`amount` fen) or all (no amount) of what is left of a paid order. */
	refundOrder(input: {
		orderId: string;
		amount?: number;
		reason?: string;
	}): Promise<{
		refund: MerchantRefundView;
	}>;
	/** One refund (to follow one the console just approved). */
	getRefund(input: {
		refundId: string;
	}): Promise<{
		refund: MerchantRefundView;
	}>;
	/** Close an unpaid order (at WeChat Pay first; one paid meanwhile becomes PAID instead). */
	closeOrder(input: {
		orderId: string;
	}): Promise<{
		order: OrderView;
	}>;
	/** Run a paid order's pending fulfilment again now (after the hook failed). */
	retryFulfilment(input: {
		orderId: string;
	}): Promise<{
		order: OrderView;
	}>;
	/**
	 * Enter the shipment of a paid mini-program order and upload it to WeChat
	 * (小程序发货信息管理): express (logisticsType 1) with the carrier's
	 * delivery_id and the tracking number (SF needs the receiver's phone, sent
	 * masked), same-city 2, virtual 3, self-pickup 4. Once uploaded, it can be
	 * corrected once. The answer shows the upload's state (a failure is retried
	 * by the timer).
	 */
	enterShipment(input: {
		orderId: string;
		logisticsType: 1 | 2 | 3 | 4;
		expressCompany?: string;
		trackingNo?: string;
		receiverContact?: string;
		itemDesc?: string;
	}): Promise<{
		order: ShippingOrderView;
	}>;
	/** Try a failed (or backed-off) shipping upload again now. */
	retryShipping(input: {
		orderId: string;
	}): Promise<{
		order: ShippingOrderView;
	}>;
	/** Orders whose shipping upload failed, and why (lastError, lastErrcode), 20 per page, most recent first. */
	listShippingFailures(input?: {
		page?: number;
	}): Promise<{
		orders: ShippingOrderView[];
		hasMore: boolean;
	}>;
	/** Remind the buyer to confirm receipt of an uploaded express shipment (once per order). */
	remindConfirmReceive(input: {
		orderId: string;
		receivedTime: number;
	}): Promise<{
		order: ShippingOrderView;
	}>;
	/** Days reconciled against WeChat Pay's trade bill, newest first, 20 per page. */
	listReconciliations(input?: {
		page?: number;
	}): Promise<{
		days: ReconciliationDayView[];
		hasMore: boolean;
	}>;
	/** One day's result and its discrepancies (each with what was done: applied or recorded), 500 per page. */
	getReconciliation(input: {
		billDate: string;
		page?: number;
	}): Promise<{
		day: ReconciliationDayView;
		discrepancies: BillDiscrepancyView[];
		hasMore: boolean;
	}>;
	/**
	 * Reconcile a day (today or any of the 90 before it) now: download and
	 * verify its bill, apply what WeChat Pay has and this database does not,
	 * record the rest. Running a day again changes nothing it changed before.
	 */
	runReconciliation(input: {
		billDate: string;
	}): Promise<{
		day: ReconciliationDayView;
	}>;
	/** The carriers for the shipment form's picker (get_delivery_list, cached a day). */
	deliveryCompanies(): Promise<{
		companies: DeliveryCompany[];
	}>;
};
declare const _default$3: {
	_after(error: unknown, result: unknown): unknown;
	/** Products on sale. */
	listProducts(): Promise<{
		products: ProductView[];
	}>;
	/** One product by id. */
	getProduct(input: {
		productId: string;
	}): Promise<{
		product: ProductView;
	}>;
};
declare const AVATAR_EXTENSIONS: readonly [
	"png",
	"jpg",
	"jpeg",
	"webp"
];
declare const OAUTH_SCOPES: {
	readonly snsapi_base: "b";
	readonly snsapi_userinfo: "u";
	readonly snsapi_login: "l";
};
type OAuthScope = keyof typeof OAUTH_SCOPES;
interface UserView {
	userId: string;
	nickname: string;
	avatarUrl: string;
	hasPhone: boolean;
	phoneMasked?: string;
}
interface SessionGrant {
	accessToken: string;
	/** Milliseconds since the epoch. */
	accessTokenExpired: number;
	refreshToken: string;
	/** Milliseconds since the epoch. */
	refreshTokenExpired: number;
}
type LoginAnswer = {
	user: UserView;
} & SessionGrant;
type PublicUser = UserView;
declare const _default$4: {
	_before(): Promise<void>;
	_after(error: unknown, result: unknown): unknown;
	/** Timer trigger: drop expired rate-limit windows, code cache entries and long-ended sessions. */
	_timing(): Promise<void>;
	/**
	 * Mini program login with a `wx.login` code. `idempotencyKey` (random per
	 * attempt) lets a retry of this call get the same answer; any other repeat
	 * of the code answers LOGIN_CODE_USED.
	 */
	login(input: {
		code: string;
		idempotencyKey?: string;
	}): Promise<LoginAnswer>;
	/** The WeChat authorize (or desktop QR) URL to send the browser to; `redirect` is the app URL WeChat returns to. */
	getOAuthUrl(input: {
		scope: OAuthScope;
		redirect: string;
	}): Promise<{
		url: string;
	}>;
	/**
	 * Web login with the `code` and `state` WeChat put on the redirect. Also
	 * answers the state's return path. A repeated code: as for `login`.
	 */
	loginByOAuth(input: {
		code: string;
		state: string;
		idempotencyKey?: string;
	}): Promise<LoginAnswer & {
		returnPath: string;
	}>;
	/** Trade a refresh token for a new access token and refresh token (the old one dies). */
	refreshToken(input: {
		refreshToken: string;
	}): Promise<LoginAnswer>;
	/** End this session on the server (an expired but authentic access token is accepted). */
	logout(): Promise<Record<string, never>>;
	/** The signed-in user. */
	me(): Promise<{
		user: PublicUser;
	}>;
	/**
	 * Change nickname and/or avatar. The avatar is sent as `{ base64, ext }`
	 * (PNG, JPEG or WebP, at most 512 KiB, checked by content) and stored in
	 * cloud storage by the server.
	 */
	updateProfile(input: {
		nickname?: string;
		avatar?: {
			base64: string;
			ext: (typeof AVATAR_EXTENSIONS)[number];
		};
	}): Promise<{
		user: PublicUser;
	}>;
	/**
	 * Bind the phone number from a phone button's code: `kind` 'quick'
	 * (getPhoneNumber, the default) or 'realtime' (getRealtimePhoneNumber, for
	 * operations that need the carrier's check). A code is exchanged once; the
	 * same user's repeat answers the same, anyone else's PHONE_CODE_USED.
	 */
	bindPhone(input: {
		code: string;
		kind?: "quick" | "realtime";
	}): Promise<{
		user: PublicUser;
	}>;
	/**
	 * Open the mini program's encrypted open data (`kind` 'werun':
	 * wx.getWeRunData's encryptedData and iv) with the session_key the server
	 * holds; answers only the business fields (`stepInfoList`). SESSION_KEY_STALE:
	 * log in again with wx.login and fetch the data afresh.
	 */
	decryptData(input: {
		encryptedData: string;
		iv: string;
		kind: "werun";
	}): Promise<{
		stepInfoList: Array<{
			timestamp: number;
			step: number;
		}>;
	}>;
	/** `wx.config` parameters for an H5 page inside the WeChat browser. */
	getJsSdkConfig(input: {
		url: string;
	}): Promise<{
		appId: string;
		timestamp: number;
		nonceStr: string;
		signature: string;
	}>;
};
/** `weixinLogin` as the client calls it. */
export type WeixinLoginApi = CloudObjectClient<typeof _default$4>;
/** `pay` as the client calls it. */
export type PayApi = CloudObjectClient<typeof _default$1>;
/** `payAdmin` (the merchant's side) as the client calls it. */
export type PayAdminApi = CloudObjectClient<typeof _default$2>;
/** `shop` as the client calls it. */
export type ShopApi = CloudObjectClient<typeof _default$3>;
/** `downloads` as the client calls it. */
export type DownloadsApi = CloudObjectClient<typeof _default>;

export {};
