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
type DeliveryKind = "virtual" | "express" | "same-city" | "pickup";
interface OrderItem {
	productId: string;
	name: string;
	/** Unit price in integer fen. */
	price: number;
	quantity: number;
	delivery?: DeliveryKind;
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
	/** Closed trades confirmed (or found paid) this run. */
	verified: number;
	refundsSettled: number;
	fulfilled: number;
	failures: number;
}
declare const _default$1: {
	_before(): Promise<void>;
	_after(error: unknown, result: unknown): unknown;
	/** Timer trigger (every 5 minutes): expire, reconcile and fulfil what notifies missed. */
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
	/** One of the caller's orders; while unpaid, WeChat Pay is asked (at most every 5 s). */
	getOrder(input: {
		orderId: string;
	}): Promise<{
		order: OrderView;
	}>;
	/** The caller's orders, newest first, 10 per page. */
	listOrders(input?: {
		status?: OrderStatus;
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
declare const _default$2: {
	_before(): Promise<void>;
	_after(error: unknown, result: unknown): unknown;
	/** The operator this login is (the console asks before it shows anything; every method checks again). */
	whoami(): Promise<{
		operator: {
			name: string;
		};
	}>;
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
};
interface Product {
	_id: string;
	name: string;
	description: string;
	price: number;
	/** Tile colour shown in place of a photo (keeps the package free of images). */
	color: string;
	onSale: boolean;
	sort: number;
}
/** What the client sees of a product. */
export type ProductView = Pick<Product, "name" | "description" | "price" | "color"> & {
	productId: string;
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
