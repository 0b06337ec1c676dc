;; Figure 1's toy MLP step as WebAssembly SIMD kernels, driven by ToyMlpJs (toy-mlp-js.ts).
;; Assembled by `pnpm build:toy-wasm` into toy-kernels.wasm, which is committed; a test checks the
;; two agree.
;;
;; Every pointer is a byte offset into the imported memory, every matrix row-major float32:
;; activations h [n, fanIn], a layer's kernel w [fanIn, fanOut] (tfjs's Dense layout), bias b
;; [fanOut], output or output gradient d [n, fanOut]. Inner loops run over fanOut four lanes at a
;; time (f32x4), in blocks of five vectors so the sums stay in registers, with a vector and a
;; scalar tail for widths that are not multiples of 20 or 4. Sums are float32, as in tfjs and
;; PyTorch; their order differs, so results agree to float32 rounding, not bit for bit.
(module
  (import "env" "memory" (memory 1))

  ;; out[i, :] = b + Σ_k h[i, k]·w[k, :], then max(·, 0) when relu ≠ 0. Rows of w whose input
  ;; is 0 are skipped: after a ReLU about half are.
  (func (export "dense_forward")
    (param $h i32) (param $n i32) (param $fanIn i32) (param $w i32) (param $b i32)
    (param $out i32) (param $fanOut i32) (param $relu i32)
    (local $i i32) (local $j i32) (local $k i32) (local $hRow i32) (local $oRow i32) (local $wp i32)
    (local $hBytes i32) (local $rowBytes i32) (local $hk f32) (local $acc f32) (local $s v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128)
    (local.set $hBytes (i32.shl (local.get $fanIn) (i32.const 2)))
    (local.set $rowBytes (i32.shl (local.get $fanOut) (i32.const 2)))
    (local.set $hRow (local.get $h))
    (local.set $oRow (local.get $out))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        ;; 20 outputs at a time.
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.gt_u (i32.add (local.get $j) (i32.const 80)) (local.get $rowBytes)))
            (local.set $wp (i32.add (local.get $b) (local.get $j)))
            (local.set $a0 (v128.load offset=0 (local.get $wp)))
            (local.set $a1 (v128.load offset=16 (local.get $wp)))
            (local.set $a2 (v128.load offset=32 (local.get $wp)))
            (local.set $a3 (v128.load offset=48 (local.get $wp)))
            (local.set $a4 (v128.load offset=64 (local.get $wp)))
            (local.set $wp (i32.add (local.get $w) (local.get $j)))
            (local.set $k (i32.const 0))
            (block $ksDone
              (loop $ks
                (br_if $ksDone (i32.ge_u (local.get $k) (local.get $hBytes)))
                (local.set $hk (f32.load (i32.add (local.get $hRow) (local.get $k))))
                (if (f32.ne (local.get $hk) (f32.const 0))
                  (then
                    (local.set $s (f32x4.splat (local.get $hk)))
                    (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $wp)))))
                    (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $wp)))))
                    (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $wp)))))
                    (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $wp)))))
                    (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s) (v128.load offset=64 (local.get $wp)))))))
                (local.set $wp (i32.add (local.get $wp) (local.get $rowBytes)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $ks)))
            ;; pmax(a, 0) = a < 0 ? 0 : a, one instruction, and a NaN stays NaN.
            (if (local.get $relu)
              (then
                (local.set $a0 (f32x4.pmax (local.get $a0) (v128.const i32x4 0 0 0 0)))
                (local.set $a1 (f32x4.pmax (local.get $a1) (v128.const i32x4 0 0 0 0)))
                (local.set $a2 (f32x4.pmax (local.get $a2) (v128.const i32x4 0 0 0 0)))
                (local.set $a3 (f32x4.pmax (local.get $a3) (v128.const i32x4 0 0 0 0)))
                (local.set $a4 (f32x4.pmax (local.get $a4) (v128.const i32x4 0 0 0 0)))))
            (local.set $wp (i32.add (local.get $oRow) (local.get $j)))
            (v128.store offset=0 (local.get $wp) (local.get $a0))
            (v128.store offset=16 (local.get $wp) (local.get $a1))
            (v128.store offset=32 (local.get $wp) (local.get $a2))
            (v128.store offset=48 (local.get $wp) (local.get $a3))
            (v128.store offset=64 (local.get $wp) (local.get $a4))
            (local.set $j (i32.add (local.get $j) (i32.const 80)))
            (br $blocks)))
        ;; 4 outputs at a time.
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $rowBytes)))
            (local.set $a0 (v128.load (i32.add (local.get $b) (local.get $j))))
            (local.set $wp (i32.add (local.get $w) (local.get $j)))
            (local.set $k (i32.const 0))
            (block $ksDone
              (loop $ks
                (br_if $ksDone (i32.ge_u (local.get $k) (local.get $hBytes)))
                (local.set $a0
                  (f32x4.add (local.get $a0)
                    (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $hRow) (local.get $k)))) (v128.load (local.get $wp)))))
                (local.set $wp (i32.add (local.get $wp) (local.get $rowBytes)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $ks)))
            (if (local.get $relu)
              (then (local.set $a0 (f32x4.pmax (local.get $a0) (v128.const i32x4 0 0 0 0)))))
            (v128.store (i32.add (local.get $oRow) (local.get $j)) (local.get $a0))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $vectors)))
        ;; One output at a time (fanOut 1: the last layer).
        (block $scalarsDone
          (loop $scalars
            (br_if $scalarsDone (i32.ge_u (local.get $j) (local.get $rowBytes)))
            (local.set $acc (f32.load (i32.add (local.get $b) (local.get $j))))
            (local.set $wp (i32.add (local.get $w) (local.get $j)))
            (local.set $k (i32.const 0))
            (block $ksDone
              (loop $ks
                (br_if $ksDone (i32.ge_u (local.get $k) (local.get $hBytes)))
                (local.set $acc
                  (f32.add (local.get $acc)
                    (f32.mul (f32.load (i32.add (local.get $hRow) (local.get $k))) (f32.load (local.get $wp)))))
                (local.set $wp (i32.add (local.get $wp) (local.get $rowBytes)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $ks)))
            (if (i32.and (local.get $relu) (f32.lt (local.get $acc) (f32.const 0)))
              (then (local.set $acc (f32.const 0))))
            (f32.store (i32.add (local.get $oRow) (local.get $j)) (local.get $acc))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $scalars)))
        (local.set $hRow (i32.add (local.get $hRow) (local.get $hBytes)))
        (local.set $oRow (i32.add (local.get $oRow) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; g[k, :] = Σ_i h[i, k]·d[i, :], the kernel's gradient; the sum over the batch stays in
  ;; registers, and rows whose input is 0 add nothing.
  (func (export "kernel_grad")
    (param $h i32) (param $n i32) (param $fanIn i32) (param $d i32) (param $fanOut i32) (param $g i32)
    (local $i i32) (local $j i32) (local $k i32) (local $hp i32) (local $dp i32) (local $gRow i32)
    (local $hBytes i32) (local $rowBytes i32) (local $hk f32) (local $acc f32) (local $s v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128)
    (local.set $hBytes (i32.shl (local.get $fanIn) (i32.const 2)))
    (local.set $rowBytes (i32.shl (local.get $fanOut) (i32.const 2)))
    (local.set $gRow (local.get $g))
    (local.set $k (i32.const 0))
    (block $ksDone
      (loop $ks
        (br_if $ksDone (i32.ge_u (local.get $k) (local.get $hBytes)))
        (local.set $j (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.gt_u (i32.add (local.get $j) (i32.const 80)) (local.get $rowBytes)))
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0))
            (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $a4 (v128.const i32x4 0 0 0 0))
            (local.set $hp (i32.add (local.get $h) (local.get $k)))
            (local.set $dp (i32.add (local.get $d) (local.get $j)))
            (local.set $i (i32.const 0))
            (block $rowsDone
              (loop $rows
                (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $hk (f32.load (local.get $hp)))
                (if (f32.ne (local.get $hk) (f32.const 0))
                  (then
                    (local.set $s (f32x4.splat (local.get $hk)))
                    (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $dp)))))
                    (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $dp)))))
                    (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $dp)))))
                    (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $dp)))))
                    (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s) (v128.load offset=64 (local.get $dp)))))))
                (local.set $hp (i32.add (local.get $hp) (local.get $hBytes)))
                (local.set $dp (i32.add (local.get $dp) (local.get $rowBytes)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $rows)))
            (local.set $dp (i32.add (local.get $gRow) (local.get $j)))
            (v128.store offset=0 (local.get $dp) (local.get $a0))
            (v128.store offset=16 (local.get $dp) (local.get $a1))
            (v128.store offset=32 (local.get $dp) (local.get $a2))
            (v128.store offset=48 (local.get $dp) (local.get $a3))
            (v128.store offset=64 (local.get $dp) (local.get $a4))
            (local.set $j (i32.add (local.get $j) (i32.const 80)))
            (br $blocks)))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $rowBytes)))
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $hp (i32.add (local.get $h) (local.get $k)))
            (local.set $dp (i32.add (local.get $d) (local.get $j)))
            (local.set $i (i32.const 0))
            (block $rowsDone
              (loop $rows
                (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $a0
                  (f32x4.add (local.get $a0) (f32x4.mul (f32x4.splat (f32.load (local.get $hp))) (v128.load (local.get $dp)))))
                (local.set $hp (i32.add (local.get $hp) (local.get $hBytes)))
                (local.set $dp (i32.add (local.get $dp) (local.get $rowBytes)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $rows)))
            (v128.store (i32.add (local.get $gRow) (local.get $j)) (local.get $a0))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $vectors)))
        (block $scalarsDone
          (loop $scalars
            (br_if $scalarsDone (i32.ge_u (local.get $j) (local.get $rowBytes)))
            (local.set $acc (f32.const 0))
            (local.set $hp (i32.add (local.get $h) (local.get $k)))
            (local.set $dp (i32.add (local.get $d) (local.get $j)))
            (local.set $i (i32.const 0))
            (block $rowsDone
              (loop $rows
                (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $acc (f32.add (local.get $acc) (f32.mul (f32.load (local.get $hp)) (f32.load (local.get $dp)))))
                (local.set $hp (i32.add (local.get $hp) (local.get $hBytes)))
                (local.set $dp (i32.add (local.get $dp) (local.get $rowBytes)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $rows)))
            (f32.store (i32.add (local.get $gRow) (local.get $j)) (local.get $acc))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $scalars)))
        (local.set $gRow (i32.add (local.get $gRow) (local.get $rowBytes)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $ks))))

  ;; g[j] = Σ_i d[i, j], the bias's gradient.
  (func (export "bias_grad") (param $d i32) (param $n i32) (param $fanOut i32) (param $g i32)
    (local $i i32) (local $j i32) (local $dp i32) (local $rowBytes i32) (local $acc f32) (local $a v128)
    (local.set $rowBytes (i32.shl (local.get $fanOut) (i32.const 2)))
    (local.set $j (i32.const 0))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $rowBytes)))
        (local.set $a (v128.const i32x4 0 0 0 0))
        (local.set $dp (i32.add (local.get $d) (local.get $j)))
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $a (f32x4.add (local.get $a) (v128.load (local.get $dp))))
            (local.set $dp (i32.add (local.get $dp) (local.get $rowBytes)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        (v128.store (i32.add (local.get $g) (local.get $j)) (local.get $a))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $vectors)))
    (block $scalarsDone
      (loop $scalars
        (br_if $scalarsDone (i32.ge_u (local.get $j) (local.get $rowBytes)))
        (local.set $acc (f32.const 0))
        (local.set $dp (i32.add (local.get $d) (local.get $j)))
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $acc (f32.add (local.get $acc) (f32.load (local.get $dp))))
            (local.set $dp (i32.add (local.get $dp) (local.get $rowBytes)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        (f32.store (i32.add (local.get $g) (local.get $j)) (local.get $acc))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $scalars))))

  ;; [Σ lanes of a, Σ lanes of b, Σ lanes of c, Σ lanes of e].
  (func $sum4 (param $a v128) (param $b v128) (param $c v128) (param $e v128) (result v128)
    (local $ab v128) (local $ce v128)
    ;; [a0+a2, a1+a3, b0+b2, b1+b3] and the same for c, e.
    (local.set $ab
      (f32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b))))
    (local.set $ce
      (f32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $c) (local.get $e))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $c) (local.get $e))))
    (f32x4.add
      (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ab) (local.get $ce))
      (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ab) (local.get $ce))))

  ;; dh[i, k] = Σ_j d[i, j]·w[k, j] where h[i, k] > 0, else 0: the gradient through the layer and
  ;; the ReLU below it. Four k at a time share each load of d; a group whose four inputs are all
  ;; inactive is skipped.
  (func (export "input_grad")
    (param $d i32) (param $n i32) (param $fanOut i32) (param $w i32) (param $fanIn i32) (param $h i32) (param $dh i32)
    (local $i i32) (local $j i32) (local $k i32) (local $dRow i32) (local $hRow i32) (local $w0 i32)
    (local $rowBytes i32) (local $hBytes i32) (local $dj v128) (local $mask v128) (local $r v128) (local $acc f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rowBytes (i32.shl (local.get $fanOut) (i32.const 2)))
    (local.set $hBytes (i32.shl (local.get $fanIn) (i32.const 2)))
    (local.set $dRow (local.get $d))
    (local.set $hRow (local.get $h))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $k (i32.const 0))
        (block $groupsDone
          (loop $groups
            (br_if $groupsDone (i32.gt_u (i32.add (local.get $k) (i32.const 16)) (local.get $hBytes)))
            (local.set $mask (f32x4.gt (v128.load (i32.add (local.get $hRow) (local.get $k))) (v128.const i32x4 0 0 0 0)))
            (local.set $r (v128.const i32x4 0 0 0 0))
            (if (v128.any_true (local.get $mask))
              (then
                ;; w0: row k of w; rows k+1..k+3 follow at rowBytes apart.
                (local.set $w0 (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $k) (i32.const 2)) (local.get $rowBytes))))
                (local.set $a0 (v128.const i32x4 0 0 0 0))
                (local.set $a1 (v128.const i32x4 0 0 0 0))
                (local.set $a2 (v128.const i32x4 0 0 0 0))
                (local.set $a3 (v128.const i32x4 0 0 0 0))
                (local.set $j (i32.const 0))
                (block $vectorsDone
                  (loop $vectors
                    (br_if $vectorsDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $rowBytes)))
                    (local.set $dj (v128.load (i32.add (local.get $dRow) (local.get $j))))
                    (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $dj) (v128.load (i32.add (local.get $w0) (local.get $j))))))
                    (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $dj)
                      (v128.load (i32.add (i32.add (local.get $w0) (local.get $rowBytes)) (local.get $j))))))
                    (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $dj)
                      (v128.load (i32.add (i32.add (local.get $w0) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $j))))))
                    (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $dj)
                      (v128.load (i32.add (i32.add (local.get $w0) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $j))))))
                    (local.set $j (i32.add (local.get $j) (i32.const 16)))
                    (br $vectors)))
                (local.set $r (call $sum4 (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3)))
                ;; Leftover j (all of them when fanOut is 1): w[k..k+3, j] gathered into one vector.
                (block $scalarsDone
                  (loop $scalars
                    (br_if $scalarsDone (i32.ge_u (local.get $j) (local.get $rowBytes)))
                    (local.set $r
                      (f32x4.add (local.get $r)
                        (f32x4.mul
                          (f32x4.splat (f32.load (i32.add (local.get $dRow) (local.get $j))))
                          (f32x4.replace_lane 3
                            (f32x4.replace_lane 2
                              (f32x4.replace_lane 1
                                (f32x4.splat (f32.load (i32.add (local.get $w0) (local.get $j))))
                                (f32.load (i32.add (i32.add (local.get $w0) (local.get $rowBytes)) (local.get $j))))
                              (f32.load (i32.add (i32.add (local.get $w0) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $j))))
                            (f32.load (i32.add (i32.add (local.get $w0) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $j)))))))
                    (local.set $j (i32.add (local.get $j) (i32.const 4)))
                    (br $scalars)))
                (local.set $r (v128.and (local.get $r) (local.get $mask)))))
            (v128.store (i32.add (i32.add (local.get $dh) (i32.mul (local.get $i) (local.get $hBytes))) (local.get $k)) (local.get $r))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $groups)))
        ;; Leftover k, one at a time.
        (block $ksDone
          (loop $ks
            (br_if $ksDone (i32.ge_u (local.get $k) (local.get $hBytes)))
            (local.set $acc (f32.const 0))
            (if (f32.gt (f32.load (i32.add (local.get $hRow) (local.get $k))) (f32.const 0))
              (then
                (local.set $w0 (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $k) (i32.const 2)) (local.get $rowBytes))))
                (local.set $j (i32.const 0))
                (block $jsDone
                  (loop $js
                    (br_if $jsDone (i32.ge_u (local.get $j) (local.get $rowBytes)))
                    (local.set $acc
                      (f32.add (local.get $acc)
                        (f32.mul (f32.load (i32.add (local.get $dRow) (local.get $j))) (f32.load (i32.add (local.get $w0) (local.get $j))))))
                    (local.set $j (i32.add (local.get $j) (i32.const 4)))
                    (br $js)))))
            (f32.store (i32.add (i32.add (local.get $dh) (i32.mul (local.get $i) (local.get $hBytes))) (local.get $k)) (local.get $acc))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $ks)))
        (local.set $dRow (i32.add (local.get $dRow) (local.get $rowBytes)))
        (local.set $hRow (i32.add (local.get $hRow) (local.get $hBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; PyTorch's SGD on `len` floats: g ← ∇ + wd·w; buf ← μ·buf + g (buf ← g on the first step);
  ;; w ← w − lr·buf. mode 0: no momentum (buf unused); 1: first step; 2: later steps.
  (func (export "sgd")
    (param $w i32) (param $grad i32) (param $buf i32) (param $len i32)
    (param $lr f32) (param $momentum f32) (param $wd f32) (param $mode i32)
    (local $o i32) (local $bytes i32) (local $g v128) (local $lrs v128) (local $mus v128) (local $wds v128)
    (local $gs f32)
    (local.set $bytes (i32.shl (local.get $len) (i32.const 2)))
    (local.set $lrs (f32x4.splat (local.get $lr)))
    (local.set $mus (f32x4.splat (local.get $momentum)))
    (local.set $wds (f32x4.splat (local.get $wd)))
    (local.set $o (i32.const 0))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.gt_u (i32.add (local.get $o) (i32.const 16)) (local.get $bytes)))
        (local.set $g
          (f32x4.add (v128.load (i32.add (local.get $grad) (local.get $o)))
            (f32x4.mul (local.get $wds) (v128.load (i32.add (local.get $w) (local.get $o))))))
        (if (local.get $mode)
          (then
            (if (i32.eq (local.get $mode) (i32.const 2))
              (then
                (local.set $g
                  (f32x4.add (f32x4.mul (local.get $mus) (v128.load (i32.add (local.get $buf) (local.get $o)))) (local.get $g)))))
            (v128.store (i32.add (local.get $buf) (local.get $o)) (local.get $g))))
        (v128.store (i32.add (local.get $w) (local.get $o))
          (f32x4.sub (v128.load (i32.add (local.get $w) (local.get $o))) (f32x4.mul (local.get $lrs) (local.get $g))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vectors)))
    (block $scalarsDone
      (loop $scalars
        (br_if $scalarsDone (i32.ge_u (local.get $o) (local.get $bytes)))
        (local.set $gs
          (f32.add (f32.load (i32.add (local.get $grad) (local.get $o)))
            (f32.mul (local.get $wd) (f32.load (i32.add (local.get $w) (local.get $o))))))
        (if (local.get $mode)
          (then
            (if (i32.eq (local.get $mode) (i32.const 2))
              (then
                (local.set $gs
                  (f32.add (f32.mul (local.get $momentum) (f32.load (i32.add (local.get $buf) (local.get $o)))) (local.get $gs)))))
            (f32.store (i32.add (local.get $buf) (local.get $o)) (local.get $gs))))
        (f32.store (i32.add (local.get $w) (local.get $o))
          (f32.sub (f32.load (i32.add (local.get $w) (local.get $o))) (f32.mul (local.get $lr) (local.get $gs))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $scalars)))))
