pragma circom 2.0.0;
template Multi() {
    signal input a;
    signal input b;
    signal input c;
    signal input x[3];
    signal input m[2][2];
    signal output out;
    signal output sum;
    signal t[4];
    t[0] <== x[0] * x[1];
    t[1] <== t[0] * x[2] + a;
    t[3] <== m[0][0] * m[1][1];
    t[2] <== t[1] * b + t[3];
    out <== t[2] * c;
    sum <== a + b + c + m[0][1] + m[1][0];
    assert(a != 12345);
}
component main {public [a, b, c]} = Multi();
