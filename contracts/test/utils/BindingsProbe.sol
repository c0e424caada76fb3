// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title BindingsProbe
/// @notice Exercises what the C# bindings generator must handle: a constructor, structs (nested, in arrays),
///         overloads, C# keywords as names, unnamed outputs, payable calls, indexed strings in events and
///         custom errors. Used only by the generator's integration test.
contract BindingsProbe {
    struct Point {
        int64 x;
        int64 y;
    }

    struct Shape {
        string label;
        Point[] points;
        bytes32 tag;
    }

    /// @notice A shape was stored.
    event ShapeStored(uint256 indexed id, string indexed label, address indexed owner, Shape shape);

    /// @notice The counter moved.
    event CounterChanged(uint256 previous, uint256 current);

    /// @notice The value given is above the limit.
    error ValueTooLarge(uint256 value, uint256 limit);

    /// @notice The caller is not the owner.
    error NotOwner(address caller);

    address private immutable _owner;
    uint256 private _limit;
    uint256 private _counter;
    mapping(uint256 => Shape) private _shapes;
    uint256 private _shapeCount;

    constructor(uint256 limit_, string memory greeting) payable {
        _owner = msg.sender;
        _limit = limit_;
        emit CounterChanged(0, bytes(greeting).length);
        _counter = bytes(greeting).length;
    }

    /// @notice Sets the counter; reverts above the limit.
    function set(uint256 value) external {
        if (value > _limit) revert ValueTooLarge(value, _limit);
        emit CounterChanged(_counter, value);
        _counter = value;
    }

    /// @notice Adds to the counter (an overload of `set`'s sibling `add`).
    function add(uint256 amount) external {
        _add(amount);
    }

    /// @notice Adds `times` times `amount`.
    function add(uint256 amount, uint256 times) external {
        _add(amount * times);
    }

    /// @notice Stores a shape and returns its id.
    function store(Shape calldata shape) external payable returns (uint256 id) {
        if (msg.sender != _owner) revert NotOwner(msg.sender);
        id = ++_shapeCount;
        _shapes[id] = shape;
        emit ShapeStored(id, shape.label, msg.sender, shape);
    }

    /// @notice Reads a stored shape.
    function shapeOf(uint256 id) external view returns (Shape memory) {
        return _shapes[id];
    }

    /// @notice Parameters named after C# keywords, and unnamed outputs.
    function keywords(uint256 params, bool base, address lock) external view returns (uint256, bool, address, uint256) {
        return (params, base, lock, _counter);
    }

    /// @notice The counter and the limit.
    function state() external view returns (uint256 counter, uint256 limit) {
        return (_counter, _limit);
    }

    /// @notice Sums points; a pure function over a struct array.
    function sum(Point[] calldata points) external pure returns (Point memory total) {
        for (uint256 i = 0; i < points.length; i++) {
            total.x += points[i].x;
            total.y += points[i].y;
        }
    }

    /// @notice Reverts with a require message.
    function fail() external pure {
        require(false, "probe failure");
    }

    /// @notice Divides, panicking on zero.
    function divide(uint256 a, uint256 b) external pure returns (uint256) {
        return a / b;
    }

    function _add(uint256 amount) private {
        uint256 next = _counter + amount;
        if (next > _limit) revert ValueTooLarge(next, _limit);
        emit CounterChanged(_counter, next);
        _counter = next;
    }
}
